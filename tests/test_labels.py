"""Label mapping by meaning: context, wording, case, diacritics, abbreviations."""

import unicodedata

import pytest

from etl.labels import is_total_label, label_key, match_label, may_name_code, stem_of

CASES = [
    (["III CÁC LỚP HỌC", "Lớp ngoại ngữ", "- Số lượt người học"], "classes.language.learners"),
    (["Lớp kỹ năng số, tin học, khai thác Internet an toàn", "- Số lớp"], "classes.digital.classes"),
    (["Trong đó: lớp học trực tuyến", "- Số lớp"], "classes.online.classes"),
    (["Cuộc thi (trực tiếp, trực tuyến)", "- Số lượt người tham gia"], "events.contests.participants"),
    (["Cuộc thi (trực tiếp, trực tuyến)", "- Số cuộc"], "events.contests.count"),
    (["V KINH PHÍ TỔ CHỨC TUẦN LỄ", "Ngân sách nhà nước"], "funding.state_budget"),
    (["V KINH PHÍ TỔ CHỨC TUẦN LỄ", "Doanh nghiệp, tổ chức, cá nhân và nguồn hợp pháp khác"], "funding.socialized"),
    (["Doanh nghiệp, tổ chức, cá nhân và nguồn hợp pháp khác"], "funding.socialized"),
    (["Tổng số lượt người tham gia các hoạt động Tuần lễ"], "participants.total"),
    (["Lễ khai mạc", "Số người dự"], "ceremony.attendees"),
    (["Lễ khai mạc", "Số lễ"], "ceremony.events"),
    (["Tuyên truyền", "Băng rôn, khẩu hiệu"], "outreach.banners"),
    (["Tuyên truyền", "Tin, bài"], "outreach.media_items"),
    (["Kinh phí", "NSNN"], "funding.state_budget"),
    (["Kinh phí", "XHH"], "funding.socialized"),
    (["Số lớp kỹ năng sống"], "classes.life_skills.classes"),
    (["Lượt người học kỹ năng sống"], "classes.life_skills.learners"),
    (["Số lớp KNS"], "classes.life_skills.classes"),
    (["Số lớp tin học, kỹ năng số"], "classes.digital.classes"),
    (["Lượt người học tin học, kỹ năng số"], "classes.digital.learners"),
    (["Kinh phí ngân sách nhà nước (đồng)"], "funding.state_budget"),
    # who takes part, said with the verb of the activity ("dự thi", "dự lễ") and "thí sinh"
    (["Cuộc thi tìm hiểu (trực tiếp, trực tuyến)", "Số lượt người dự thi"], "events.contests.participants"),
    (["Số thí sinh dự thi"], "events.contests.participants"),
    (["Lượt người tham gia dự thi"], "events.contests.participants"),
    (["Số người dự lễ"], "ceremony.attendees"),
    (["Số lượt người dự thi"], "events.contests.participants"),
    # 'lượt' alone counts times, not people: no contradiction with a count subject
    (["Số lượt kiểm tra, giám sát"], "direction.inspections"),
    (["Kinh phí xã hội hóa (đồng)"], "funding.socialized"),
    (["Số lễ khai mạc"], "ceremony.events"),
    (["Tổng lượt người tham gia"], "participants.total"),
    (["Hội thảo, tọa đàm", "Số cuộc"], "events.seminars.count"),
    (["Hội thảo, tọa đàm", "Lượt người"], "events.seminars.participants"),
    (["Bài đăng trên mạng xã hội"], "outreach.social_posts"),
    (["Giá trị học bổng, quà"], "support.scholarship_value"),
    (["Suất học bổng, quà cho học sinh, sinh viên khó khăn"], "support.scholarships"),
    (["Tập thể được khen thưởng"], "awards.collectives"),
    (["Cá nhân được khen thưởng"], "awards.individuals"),
    (["Khen thưởng", "Tập thể"], "awards.collectives"),
    (["Lượt bạn đọc"], "reading.visits"),
    (["Thư viện, tủ sách mới"], "reading.new_bookcases"),
    (["Hoạt động khuyến đọc, ngày hội đọc sách"], "reading.events"),
    (["Sách, tài liệu luân chuyển, quyên góp"], "reading.books"),
    (["Học liệu mở, bài giảng điện tử được chia sẻ"], "reading.open_resources"),
    (["Câu lạc bộ, nhóm học tập thành lập mới"], "events.new_clubs"),
    (["Cơ sở giáo dục, trung tâm học tập cộng đồng tham gia"], "institutions.participating"),
    (["Văn bản chỉ đạo, kế hoạch đã ban hành"], "direction.documents"),
    (["Cuộc kiểm tra, giám sát"], "direction.inspections"),
    (["Lễ khai mạc, phát động Tuần lễ"], "ceremony.events"),
    (["Người dự lễ khai mạc, phát động"], "ceremony.attendees"),
    (["Tin, bài trên báo chí, phát thanh, truyền hình, cổng thông tin điện tử"], "outreach.media_items"),
    (["Băng rôn, khẩu hiệu, pa-nô, áp phích"], "outreach.banners"),
    (["Lớp dạy nghề, đào tạo nghề cho LĐNT", "SL lớp"], "classes.vocational.classes"),
    (["Lop giao duc ky nang song", "So hoc vien"], "classes.life_skills.learners"),
    (["LỚP BỒI DƯỠNG CHUYÊN MÔN, NGHIỆP VỤ", "- Số lớp"], "classes.professional.classes"),
    (["Lớp giáo dục pháp luật, sức khỏe, môi trường", "- Số lớp"], "classes.civic.classes"),
    (["Lớp xóa mù chữ, giáo dục tiếp tục sau khi biết chữ", "- Số lượt người học"], "classes.literacy.learners"),
    (["Lớp XMC", "Lượt HV"], "classes.literacy.learners"),
    (["Lớp khác", "- Số lớp"], "classes.other.classes"),
    (["Lớp cập nhật kiến thức, chuyên đề, CGKHKT", "- Số lớp"], "classes.knowledge.classes"),
    (["Tổng số lớp"], "classes.total.classes"),
    (["Tổng số lượt người học"], "classes.total.learners"),
    # a value column's header that joins two verbs of taking part ("học/dự", "học, tham gia")
    (["Lớp ngoại ngữ", "Số người học/dự"], "classes.language.learners"),
    (["Hội thảo, tọa đàm", "Số người học/dự"], "events.seminars.participants"),
    (["Lớp ngoại ngữ", "Số lượt người học, tham gia"], "classes.language.learners"),
    # a money unit in the label's parentheses says what the amount is in, nothing of what it is
    (["Kinh phí", "- Ngân sách nhà nước (triệu đồng)"], "funding.state_budget"),
    (["- Xã hội hóa (nghìn đồng)"], "funding.socialized"),
    # "bồi dưỡng", "tập huấn" after a people word are what was done to them, not a class type
    (["Lớp ngoại ngữ", "Số người được bồi dưỡng"], "classes.language.learners"),
    (["Lớp tin học", "Số người được tập huấn"], "classes.digital.learners"),
    (["Lớp hướng dẫn sử dụng điện thoại thông minh"], "classes.digital.classes"),
    (["Lớp tập huấn kỹ thuật nông nghiệp"], "classes.knowledge.classes"),
    # a book exhibition is a reading event: its number counts exhibitions, not books
    (["Trưng bày, giới thiệu sách"], "reading.events"),
    # "phương tiện" folds to the "tiền" of "số tiền": inside the subject's own name it is no amount
    (
        ["Tuyên truyền trên các phương tiện thông tin đại chúng (báo chí, phát thanh, truyền hình)"],
        "outreach.media_items",
    ),
    (["Tên đơn vị"], None),
    (["Ghi chú"], None),
]


@pytest.mark.parametrize("context,code", CASES)
def test_match_label(context, code):
    assert match_label(context).code == code


@pytest.mark.parametrize("context,code", CASES[:12])
def test_match_is_indifferent_to_case_spacing_and_normal_form(context, code):
    variant = [unicodedata.normalize("NFD", "  ".join(c.upper().split())) for c in context]
    assert match_label(variant).code == code


def test_learned_mapping_wins_and_can_ignore():
    ctx = ["Lớp học làm bánh truyền thống", "Số lớp"]
    assert match_label(ctx).code is None
    learned = {label_key(ctx): "classes.other.classes"}
    assert match_label(ctx, learned).code == "classes.other.classes"
    assert match_label(ctx, {label_key(ctx): "ignore"}).code is None


@pytest.mark.parametrize(
    "text,total",
    [
        ("Tổng cộng", True),
        ("Cộng", True),
        ("TOÀN TỈNH", True),
        ("Toàn quốc", True),
        ("Quận Ba Đình", False),
        ("Huyện Cộng Hòa", False),
        ("", False),
    ],
)
def test_total_rows(text, total):
    assert is_total_label(text) is total


@pytest.mark.parametrize("context,code", [(c, code) for c, code in CASES if code])
def test_a_label_that_maps_has_a_part_that_may_name_a_code(context, code):
    assert any(may_name_code(part) for part in context)


@pytest.mark.parametrize(
    "text",
    [
        "27",
        "8.187",
        "1,5",
        " 12 ",
        "Ghi chú",
        "STT",
        "BẢNG TỔNG HỢP SỐ LIỆU NĂM 2024",
        "Đơn vị tính",
        "Số lớp",
        "Lượt người học",
        "(1)",
    ],
)
def test_a_part_that_cannot_name_a_code_maps_to_nothing_alone_or_together(text):
    if not may_name_code(text):
        assert match_label([text]).code is None
        assert match_label([text, text]).code is None


@pytest.mark.parametrize("text", ["Lớp ngoại ngữ", "- Số lớp", "Ngân sách nhà nước", "27", "  ", "Ghi chú", "Số lễ"])
def test_stem_of_is_the_stem_match_label_gives(text):
    learned = {label_key(["Số lễ"]): "ceremony.attendees"}
    assert stem_of(text) == match_label([text]).stem
    assert stem_of(text, learned) == match_label([text], learned).stem


@pytest.mark.parametrize(
    "text",
    [
        "Lượt người đến thư viện",
        "Số tiền hỗ trợ thư viện, tủ sách",
        "Số lượt người tham quan tủ sách",
        "Số thí sinh đạt giải",
    ],
)
def test_a_label_whose_own_measure_fits_no_slot_of_its_subject_maps_to_nothing(text):
    # readers are not libraries, money is not a count of bookcases: the subject's default would be
    # a wrong value, so the label is left for the officer to map
    assert match_label([text]).code is None
