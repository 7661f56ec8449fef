"""Hand-made ChartSpecs of every kind for the export and deck tests (no warehouse needed)."""

from __future__ import annotations

import pandas as pd

from figures.spec import ChartSpec

INJECTED = '=HYPERLINK("http://evil.example/x","Bấm vào đây")'
TYPES = ["Cập nhật kiến thức", "Kỹ năng sống", "Kỹ năng số", "Ngoại ngữ", "Dạy nghề"]


def bar(demo: bool = False, **kw) -> ChartSpec:
    return ChartSpec(
        "so-lop-hoc-theo-loai",
        "Số lớp học theo loại năm 2024",
        "bar",
        pd.DataFrame({"category": TYPES, "series": "", "value": [12345, 8021, 15678, 1234567, 432]}),
        "Loại lớp",
        "Số lớp",
        year=2024,
        sentence="Năm 2024 cả nước mở 1.271.043 lớp, tăng 6,2% so với năm 2023.",
        filters="63 tỉnh, cả nước",
        demo=demo,
        **kw,
    )


def hbar(n: int = 25, demo: bool = False) -> ChartSpec:
    names = ["Hà Nội", "Thành phố Hồ Chí Minh", "Đắk Lắk", "Thừa Thiên Huế", "Bà Rịa - Vũng Tàu"]
    cats = [f"{names[i % 5]} {i + 1}" for i in range(n)]
    return ChartSpec(
        "luot-nguoi-hoc-theo-tinh",
        "Lượt người học theo tỉnh năm 2024",
        "hbar",
        pd.DataFrame({"category": cats, "series": "", "value": [1000 * i + 7 for i in range(n)]}),
        "Tỉnh, thành phố",
        "Lượt người học",
        year=2024,
        demo=demo,
    )


def line(demo: bool = False) -> ChartSpec:
    years = list(range(2019, 2025))
    return ChartSpec(
        "xu-huong-so-lop",
        "Xu hướng số lớp học 2019–2024",
        "line",
        pd.DataFrame(
            {
                "category": years * 2,
                "series": ["Trực tiếp"] * 6 + ["Trực tuyến"] * 6,
                "value": [1000, 1200, 1300, 1250, 1400, 1500, 80, 900, 950, 1000, 1100, 1300],
            }
        ),
        "Năm",
        "Số lớp",
        demo=demo,
    )


def stacked(demo: bool = False) -> ChartSpec:
    return ChartSpec(
        "kinh-phi-theo-nguon",
        "Kinh phí theo nguồn",
        "stacked",
        pd.DataFrame(
            {
                "category": [2022, 2022, 2023, 2023, 2024, 2024],
                "series": ["Ngân sách nhà nước", "Xã hội hóa"] * 3,
                "value": [1.5e9, 2.25e9, 1.7e9, 2.5e9, 2.1e9, 3.05e9],
            }
        ),
        "Năm",
        "Kinh phí (tỷ đồng)",
        money=True,
        demo=demo,
    )


def pie(demo: bool = False) -> ChartSpec:
    return ChartSpec(
        "co-cau-lop-hoc",
        "Cơ cấu lớp học theo loại năm 2024",
        "pie",
        pd.DataFrame({"category": TYPES, "series": "", "value": [400, 250, 200, 100, 50]}),
        "Loại lớp",
        "Số lớp",
        year=2024,
        demo=demo,
    )


def map_(era: int = 63, demo: bool = False, missing: int = 3) -> ChartSpec:
    from figures.maps import load_layer

    codes = load_layer(era)["code"].tolist()
    kept = codes[: len(codes) - missing]
    return ChartSpec(
        "ban-do-luot-nguoi-tham-gia",
        "Lượt người tham gia theo tỉnh năm 2024",
        "map",
        pd.DataFrame({"category": kept, "series": "", "value": [1500 * i + 250 for i in range(len(kept))]}),
        "Tỉnh, thành phố",
        "Lượt người",
        year=2024,
        era=era,
        demo=demo,
        filters=f"{era} tỉnh",
    )


def injected() -> ChartSpec:
    """A unit name that a spreadsheet would run as a formula, and other dangerous starts."""
    cats = [INJECTED, "+84 912", "-Xã lạ", "@SUM(A1)", "\tTab", "\rCR", "Xã An Bình"]
    return ChartSpec(
        "don-vi",
        "Số lớp theo đơn vị",
        "hbar",
        pd.DataFrame({"category": cats, "series": "", "value": [10, 20, -5, 40, 50, 60, 1234567]}),
        "Đơn vị",
        "Số lớp",
        year=2024,
    )


def every_kind(demo: bool = False) -> list[ChartSpec]:
    return [bar(demo), hbar(demo=demo), line(demo), stacked(demo), pie(demo), map_(demo=demo)]
