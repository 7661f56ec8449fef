"""Click's own words in Vietnamese: usage lines, help headings, the help option, and every usage
error ("Missing argument", "No such option", "Invalid value"...), so `python -m etl` speaks one
language. Click looks its strings up through gettext, bound in each of its modules as `_` and
`ngettext` when click is imported; gettext would pick a catalogue by the machine's LANGUAGE,
so instead `install()` binds those names to this table, and `translate_tree()` gives the
commands' placeholders (OPTIONS, COMMAND, TEXT, INTEGER...) Vietnamese names.
A string missing from the table stays English: tests/test_vietnamese_screen.py runs the
commands' help and usage errors against a list of English words."""

from __future__ import annotations

import importlib

import click

VI = {
    # help screens
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Xem hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Xem phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "required": "bắt buộc",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "(dynamic)": "(tính lúc chạy)",
    "deprecated": "không còn dùng",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    # errors
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem '{command} {option}' để biết cách dùng.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing command.": "Thiếu tên lệnh.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} cần {nargs} giá trị.",
    "Value must be an iterable.": "Giá trị phải là một dãy.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải {number_type} hợp lệ.",
    "{value} is not in the range {range}.": "{value} không nằm trong khoảng {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} không phải giá trị đúng/sai. "
    "Các giá trị nhận được: {states}",
    "{value!r} is not a valid UUID.": "{value!r} không phải UUID hợp lệ.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là tệp.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là thư mục.",
    "{name} {filename!r} is not readable.": "Không đọc được {name} {filename!r}.",
    "{name} {filename!r} is not writable.": "Không ghi được {name} {filename!r}.",
    "{name} {filename!r} is not executable.": "Không chạy được {name} {filename!r}.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "Aborted!": "Đã dừng.",
    "unknown error": "lỗi không rõ",
    # prompts (create-admin, reset-password ask for a password twice)
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai lần nhập không giống nhau.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận luôn, không hỏi lại.",
    "Press any key to continue...": "Bấm phím bất kỳ để tiếp tục...",
}
# Vietnamese has no plural forms: one text for both.
VI_PLURAL = {
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị nhưng chỉ có 1.",
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "{value!r} is not {choice}.": "{value!r} không phải {choice}.",
    "{value!r} does not match the format {format}.": "{value!r} không đúng dạng {format}.",
    "{len_type} values are required, but {len_value} was given.": "Cần {len_type} giá trị nhưng có {len_value}.",
}
VI_PLURAL_MANY = {
    "Got unexpected extra arguments ({args})": "Thừa tham số ({args})",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Takes {nargs} values but {len} were given.": "Cần {nargs} giá trị nhưng có {len}.",
    "(Did you mean one of: {possibilities}?)": "(Có phải ý bạn là một trong: {possibilities}?)",
    "{value!r} is not one of {choices}.": "{value!r} không phải một trong {choices}.",
    "{value!r} does not match the formats {formats}.": "{value!r} không đúng các dạng {formats}.",
    "{len_type} values are required, but {len_value} were given.": "Cần {len_type} giá trị nhưng có {len_value}.",
}
# parameter types: their names appear in error messages and, upper-cased, as placeholders
TYPE_NAMES = {
    "text": "chữ",
    "integer": "số nguyên",
    "float": "số",
    "boolean": "đúng/sai",
    "datetime": "ngày giờ",
    "integer range": "số nguyên trong khoảng",
    "float range": "số trong khoảng",
    "filename": "tệp",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
}
# arguments' placeholders, by parameter name
ARGUMENT_NAMES = {
    "paths": "TỆP_HOẶC_THƯ_MỤC...",
    "path": "TỆP",
    "username": "TÊN_ĐĂNG_NHẬP",
    "role": "VAI_TRÒ",
    "provinces": "TỈNH...",
    "key": "KHÓA",
    "value": "GIÁ_TRỊ",
}
# options' placeholders, by parameter name (else the type's name)
OPTION_NAMES = {
    "db": "TỆP_KHO",
    "year": "NĂM",
    "years": "CÁC_NĂM",
    "unit": "MÃ_TỈNH",
    "province": "TỈNH",
    "provinces": "TỈNH",
    "submitted_by": "TÊN",
    "group": "SỐ_TỆP",
    "out": "TỆP",
    "region": "VÙNG",
    "title": "TIÊU_ĐỀ",
    "display_name": "HỌ_TÊN",
    "email": "EMAIL",
    "date_text": "NGÀY",
    "note": "GHI_CHÚ",
    "source": "NGUỒN",
}
_MODULES = ("core", "exceptions", "formatting", "parser", "types", "decorators", "termui", "utils", "_termui_impl")


def gettext(message: str) -> str:
    return VI.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return VI_PLURAL.get(singular, singular) if n == 1 else VI_PLURAL_MANY.get(plural, plural)


def install() -> None:
    """Bind click's gettext names to the table (idempotent)."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    for param_type in (click.STRING, click.INT, click.FLOAT, click.BOOL, click.UUID):
        param_type.name = TYPE_NAMES.get(param_type.name, param_type.name)
    for cls in (click.types.IntRange, click.types.FloatRange, click.types.DateTime, click.types.File):
        cls.name = TYPE_NAMES.get(cls.name, cls.name)


def translate_tree(command: click.Command) -> None:
    """Vietnamese placeholders in the usage lines of `command` and every command under it."""
    command.options_metavar = "[TÙY_CHỌN]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "LỆNH [THAM_SỐ]..."
        for sub in command.commands.values():
            translate_tree(sub)
    for param in command.params:
        param.type.name = TYPE_NAMES.get(param.type.name, param.type.name)
        if param.metavar is None and isinstance(param, click.Argument):
            param.metavar = ARGUMENT_NAMES.get(param.name, param.name.upper())
        elif param.metavar is None and isinstance(param, click.Option) and not param.is_flag:
            if not isinstance(param.type, click.Choice):
                param.metavar = OPTION_NAMES.get(param.name, param.type.name.upper().replace(" ", "_"))
