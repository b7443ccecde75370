"""People and their posts, case by case. Cases are our own sentences in the style of the news."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from helpers import people


@dataclass(frozen=True)
class Case:
    text: str
    expected: dict[str, list[str]]


CASES = {
    "name-then-titles": Case(
        "Đồng chí Lương Văn Tâm – Uỷ viên BTV Tỉnh uỷ, Bí thư Thành uỷ, Chủ tịch HĐND thành phố chủ trì hội nghị"
        " tại thành phố Bắc Kạn.",
        {"Lương Văn Tâm": ["Ủy viên Ban Thường vụ Tỉnh ủy Bắc Kạn", "Bí thư Thành ủy Bắc Kạn",
                           "Chủ tịch Hội đồng nhân dân thành phố Bắc Kạn"]},
    ),
    "titles-then-name": Case(
        "Phát biểu kết luận, đồng chí Bí thư Tỉnh ủy Quảng Ninh Đỗ Minh Khang nhấn mạnh yêu cầu đổi mới.",
        {"Đỗ Minh Khang": ["Bí thư Tỉnh ủy Quảng Ninh"]},
    ),
    "list-with-semicolons": Case(
        "Chủ trì có các đồng chí: Hà Văn Lộc, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh; "
        "Nông Thị Mai, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Cao Bằng.",
        {"Hà Văn Lộc": ["Phó Bí thư Thường trực Tỉnh ủy Cao Bằng", "Chủ tịch Hội đồng nhân dân tỉnh Cao Bằng"],
         "Nông Thị Mai": ["Phó Bí thư Tỉnh ủy Cao Bằng", "Chủ tịch Ủy ban nhân dân tỉnh Cao Bằng"]},
    ),
    "a-title-for-a-counted-few": Case(
        "Ông Trần Văn Hòa, Chủ tịch HĐND tỉnh Cao Bằng cùng hai Phó Chủ tịch HĐND tỉnh là bà Nông Thị Mai"
        " và ông Hà Văn Lộc chủ tọa phiên họp.",
        {"Trần Văn Hòa": ["Chủ tịch Hội đồng nhân dân tỉnh Cao Bằng"],
         "Nông Thị Mai": ["Phó Chủ tịch Hội đồng nhân dân tỉnh Cao Bằng"],
         "Hà Văn Lộc": ["Phó Chủ tịch Hội đồng nhân dân tỉnh Cao Bằng"]},
    ),
    "a-counted-title-and-a-thai-surname": Case(
        "Chủ tọa kỳ họp có hai Phó Chủ tịch HĐND tỉnh Điện Biên Giàng Thị Dua, Cà Văn Chiến.",
        {"Giàng Thị Dua": ["Phó Chủ tịch Hội đồng nhân dân tỉnh Điện Biên"],
         "Cà Văn Chiến": ["Phó Chủ tịch Hội đồng nhân dân tỉnh Điện Biên"]},
    ),
    "a-pair-sharing-a-title": Case(
        "Hội nghị có các đồng chí Lý Văn Tuấn và Hà Thị Nga, Phó Bí thư Tỉnh ủy Lào Cai cùng dự.",
        {"Lý Văn Tuấn": ["Phó Bí thư Tỉnh ủy Lào Cai"], "Hà Thị Nga": ["Phó Bí thư Tỉnh ủy Lào Cai"]},
    ),
    "a-pair-in-a-list": Case(
        "Chủ tọa kỳ họp gồm các đồng chí: Vũ Văn Hải, Chủ tịch HĐND tỉnh Hưng Yên; Đỗ Văn Bình và Lê Thị Thu, "
        "Phó Chủ tịch HĐND tỉnh.",
        {"Vũ Văn Hải": ["Chủ tịch Hội đồng nhân dân tỉnh Hưng Yên"],
         "Đỗ Văn Bình": ["Phó Chủ tịch Hội đồng nhân dân tỉnh Hưng Yên"],
         "Lê Thị Thu": ["Phó Chủ tịch Hội đồng nhân dân tỉnh Hưng Yên"]},
    ),
    "a-pair-whose-first-has-a-title-elsewhere": Case(
        "Đồng chí Vũ Văn Hải, Bí thư Tỉnh ủy Hưng Yên phát biểu. Sau đó, đồng chí Vũ Văn Hải và đồng chí Lê Thị "
        "Thu, Phó Bí thư Tỉnh ủy trao quà.",
        {"Vũ Văn Hải": ["Bí thư Tỉnh ủy Hưng Yên"], "Lê Thị Thu": ["Phó Bí thư Tỉnh ủy Hưng Yên"]},
    ),
    "a-title-not-counted-is-the-first-name-s": Case(
        "Dự có Phó Chủ tịch UBND tỉnh Cao Bằng Nông Thị Mai, ông Hà Văn Lộc và bà Lê Thị Hạnh.",
        {"Nông Thị Mai": ["Phó Chủ tịch Ủy ban nhân dân tỉnh Cao Bằng"], "Hà Văn Lộc": [], "Lê Thị Hạnh": []},
    ),
    "several-titles-before-the-name": Case(
        "Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng đoàn ĐBQH tỉnh Quảng Ninh Nguyễn Hữu Phước dự.",
        {"Nguyễn Hữu Phước": ["Ủy viên Trung ương Đảng", "Bí thư Tỉnh ủy Quảng Ninh",
                              "Trưởng đoàn Đại biểu Quốc hội tỉnh Quảng Ninh"]},
    ),
    "lower-case-title-and-commune": Case(
        "Tham dự có bí thư huyện ủy Chợ Mới Trần Quốc Việt và Chủ tịch UBND xã Cao Kỳ Lò Văn Sáng.",
        {"Trần Quốc Việt": ["Bí thư Huyện ủy Chợ Mới"], "Lò Văn Sáng": ["Chủ tịch Ủy ban nhân dân xã Cao Kỳ"]},
    ),
    "abbreviated-titles": Case(
        "Đ/c Hoàng Thị Hạnh, TUV, PCT.HĐND tỉnh Bắc Kạn phát biểu.",
        {"Hoàng Thị Hạnh": ["Ủy viên Ban Chấp hành Đảng bộ tỉnh Bắc Kạn",
                            "Phó Chủ tịch Hội đồng nhân dân tỉnh Bắc Kạn"]},
    ),
    "rank-is-not-a-post": Case(
        "Đại tá Vi Đức Thịnh, Giám đốc Công an tỉnh Lạng Sơn báo cáo.",
        {"Vi Đức Thịnh": ["Giám đốc Công an tỉnh Lạng Sơn"]},
    ),
    "a-full-time-deputy-keeps-the-word": Case(
        "Đồng chí Lê Kim Toàn, Phó Trưởng Đoàn ĐBQH chuyên trách tỉnh Bình Định và ông Nguyễn Văn Cảnh, "
        "Phó Trưởng đoàn chuyên trách Đoàn ĐBQH tỉnh dự.",
        {"Lê Kim Toàn": ["Phó Trưởng đoàn Đại biểu Quốc hội chuyên trách tỉnh Bình Định"],
         "Nguyễn Văn Cảnh": ["Phó Trưởng đoàn chuyên trách Đoàn Đại biểu Quốc hội tỉnh Bình Định"]},
    ),
    "joint-offices": Case(
        "Đồng chí Âu Văn Tâm, Chủ nhiệm Văn phòng Đoàn ĐBQH và HĐND tỉnh Lai Châu và bà Lò Thị Ban, Chánh "
        "Văn phòng HĐND và UBND huyện Mường Tè dự.",
        {"Âu Văn Tâm": ["Chủ nhiệm Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân tỉnh Lai Châu"],
         "Lò Thị Ban": ["Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện Mường Tè"]},
    ),
    "a-title-shared-by-the-names-after-it": Case(
        "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy Hà Tĩnh Nguyễn Văn Danh, Lê Ngọc Châu và Trần Thế Dũng cùng dự.",
        {name: ["Ủy viên Ban Thường vụ Tỉnh ủy Hà Tĩnh"] for name in ("Nguyễn Văn Danh", "Lê Ngọc Châu",
                                                                     "Trần Thế Dũng")},
    ),
    "a-title-then-an-honorific-and-the-name": Case(
        "Chủ tịch UBND tỉnh Hà Tĩnh, ông Võ Trọng Hải cho biết. Dự có ông Lê Văn Bình, Bí thư Tỉnh ủy, ông "
        "Trần Báu Hà, Phó Chủ tịch UBND tỉnh. Thừa ủy quyền của Chủ tịch nước, bà Đào Thị Lan Phương trao huân "
        "chương.",
        {"Võ Trọng Hải": ["Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh"], "Lê Văn Bình": ["Bí thư Tỉnh ủy Hà Tĩnh"],
         "Trần Báu Hà": ["Phó Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh"], "Đào Thị Lan Phương": []},
    ),
    "abbreviated-member-of-the-standing-committee": Case(
        "Đồng chí Nguyễn Thị Bình, UVBTV Tỉnh ủy, Trưởng Ban Dân vận Tỉnh ủy Hà Tĩnh phát biểu.",
        {"Nguyễn Thị Bình": ["Ủy viên Ban Thường vụ Tỉnh ủy Hà Tĩnh", "Trưởng Ban Dân vận Tỉnh ủy Hà Tĩnh"]},
    ),
    "qualifiers-dropped": Case(
        "Đồng chí Phạm Quang Huy, Đại biểu Quốc hội khóa XV, Ủy viên Ban Chấp hành Đảng bộ tỉnh nhiệm kỳ"
        " 2020 - 2025 của tỉnh Nghệ An.",
        {"Phạm Quang Huy": ["Đại biểu Quốc hội", "Ủy viên Ban Chấp hành Đảng bộ tỉnh Nghệ An"]},
    ),
    "shared-title-for-a-list": Case(
        "Dự hội nghị có các đồng chí Ủy viên Bộ Chính trị: Lê Minh Đức, Bí thư Thành ủy Hà Nội; "
        "Trần Thu Hà, Trưởng Ban Tổ chức Trung ương.",
        {"Lê Minh Đức": ["Ủy viên Bộ Chính trị", "Bí thư Thành ủy Hà Nội"],
         "Trần Thu Hà": ["Ủy viên Bộ Chính trị", "Trưởng Ban Tổ chức Trung ương"]},
    ),
    "chi-is-a-middle-name-too": Case(
        "Bộ trưởng Bộ Kế hoạch và Đầu tư Nguyễn Chí Dũng báo cáo. Đồng chí Trần Chí Thanh, Giám đốc Sở "
        "Nội vụ tỉnh Hà Nam phát biểu.",
        {"Nguyễn Chí Dũng": ["Bộ trưởng Bộ Kế hoạch và Đầu tư"], "Trần Chí Thanh": ["Giám đốc Sở Nội vụ tỉnh Hà Nam"]},
    ),
    "names-listed-after-one-honorific": Case(
        "Dự có các đồng chí Phan Thái Bình, Trần Xuân Vinh và Lê Văn Dũng. Các đại biểu Hà Văn Lộc, Nông Thị Mai "
        "chất vấn.",
        {"Phan Thái Bình": [], "Trần Xuân Vinh": [], "Lê Văn Dũng": [], "Hà Văn Lộc": [], "Nông Thị Mai": []},
    ),
    "a-city-whose-name-starts-with-a-surname": Case(
        "Ông Nguyễn Văn Hiếu, Ủy viên Ban Thường vụ Thành ủy TP Hồ Chí Minh, Bí thư Thành ủy Thủ Đức, Chủ tịch "
        "HĐND TP Thủ Đức chủ trì. Chủ tịch UBND TP.HCM Phan Văn Mãi dự.",
        {"Nguyễn Văn Hiếu": ["Ủy viên Ban Thường vụ Thành ủy thành phố Hồ Chí Minh", "Bí thư Thành ủy Thủ Đức",
                             "Chủ tịch Hội đồng nhân dân thành phố Thủ Đức"],
         "Phan Văn Mãi": ["Chủ tịch Ủy ban nhân dân thành phố Hồ Chí Minh"]},
    ),
    "heads-of-bodies-beyond-party-and-state": Case(
        "Dự có ông Nguyễn Văn An, Giám đốc Đài Phát thanh và Truyền hình tỉnh Hà Nam; bà Lê Thị Hoa, Chủ tịch "
        "Hội Chữ thập đỏ tỉnh; ông Trần Văn Bình, Cục trưởng Cục Thuế tỉnh; ông Lê Văn Bình, Tổng Biên tập Báo "
        "Hà Nam.",
        {"Nguyễn Văn An": ["Giám đốc Đài Phát thanh và Truyền hình tỉnh Hà Nam"],
         "Lê Thị Hoa": ["Chủ tịch Hội Chữ thập đỏ tỉnh Hà Nam"],
         "Trần Văn Bình": ["Cục trưởng Cục Thuế tỉnh Hà Nam"], "Lê Văn Bình": ["Tổng Biên tập Báo Hà Nam"]},
    ),
    "national-heads-the-title-names-the-body-of": Case(
        "Thống đốc Ngân hàng Nhà nước Nguyễn Thị Hồng báo cáo. Tổng Kiểm toán Nhà nước Ngô Văn Tuấn dự.",
        {"Nguyễn Thị Hồng": ["Thống đốc Ngân hàng Nhà nước"], "Ngô Văn Tuấn": ["Tổng Kiểm toán Nhà nước"]},
    ),
    "degrees-and-callings-before-a-name": Case(
        "Hội thảo có PGS.TS Nguyễn Văn Hùng phát biểu tham luận. ThS. Lê Thị Mai trình bày. Nhà báo Trần Văn Hòa "
        "dự.",
        {"Nguyễn Văn Hùng": [], "Lê Thị Mai": [], "Trần Văn Hòa": []},
    ),
    "an-honorific-in-title-case": Case(
        "Tham dự có Đồng Chí Nguyễn Văn An, Bí thư Tỉnh ủy Hà Nam.",
        {"Nguyễn Văn An": ["Bí thư Tỉnh ủy Hà Nam"]},
    ),
    "a-district-named-by-its-party-committee": Case(
        "Ban Thường vụ Huyện ủy Vị Xuyên tổ chức hội nghị. Hội nghị do đồng chí Nguyễn Văn Tân, Bí thư"
        " Huyện ủy chủ trì.",
        {"Nguyễn Văn Tân": ["Bí thư Huyện ủy Vị Xuyên"]},
    ),
    "a-city-named-by-its-party-committee": Case(
        "Thành ủy Uông Bí tổ chức hội nghị. Đồng chí Nguyễn Văn Tân, Bí thư Thành ủy chủ trì.",
        {"Nguyễn Văn Tân": ["Bí thư Thành ủy Uông Bí"]},
    ),
    "a-numbered-ward": Case(
        "Dự hội nghị có đồng chí Lê Văn Cường, Phó Bí thư Thường trực Đảng ủy phường Hà Giang 2, Chủ tịch HĐND"
        " phường; đồng chí Trần Thị Bình, Chủ tịch UBND Phường 5.",
        {"Lê Văn Cường": ["Phó Bí thư Thường trực Đảng ủy phường Hà Giang 2",
                          "Chủ tịch Hội đồng nhân dân phường Hà Giang 2"],
         "Trần Thị Bình": ["Chủ tịch Ủy ban nhân dân phường 5"]},
    ),
    "a-count-after-a-place-is-not-its-number": Case(
        "Đồng chí Lê Văn Cường, Chủ tịch UBND huyện Mèo Vạc 3 năm liền được khen thưởng.",
        {"Lê Văn Cường": ["Chủ tịch Ủy ban nhân dân huyện Mèo Vạc"]},
    ),
}

NOT_PEOPLE = {
    "capitalised-honorific": "Tham dự có Đồng Chí Bí thư và Hội Đồng Nhân dân tỉnh.",
    "resolution": "Nghị quyết Đại hội Đảng bộ lần thứ VII được Ban Thường vụ quán triệt tới Nhân dân.",
    "place-after-title-word": "Chủ tịch Hồ Chí Minh luôn quan tâm tới thành phố Hồ Chí Minh.",
    "capitalised-phrase": "Tại Hội nghị, Ban Thường vụ Tỉnh ủy đánh giá cao kết quả.",
    "no-anchor": "Trường THPT Phan Bội Châu tổ chức lễ khai giảng.",
    "a-surname-that-starts-a-place": "Đoàn công tác đã đến Cà Mau Ngày 5/6 và làm việc với tỉnh.",
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_people_and_posts(case: Case) -> None:
    assert people(case.text) == case.expected


@pytest.mark.parametrize("text", list(NOT_PEOPLE.values()), ids=list(NOT_PEOPLE))
def test_phrases_that_are_not_people(text: str) -> None:
    assert people(text) == {}


def test_former_post_is_marked() -> None:
    from helpers import facts_of

    (mention,) = facts_of("Ông Triệu Văn Khánh, nguyên Chủ tịch UBND tỉnh Tuyên Quang, phát biểu.").persons
    assert [(p.label, p.former) for p in mention.posts] == [("Chủ tịch Ủy ban nhân dân tỉnh Tuyên Quang", True)]


def test_title_alone_resolves_to_the_named_holder() -> None:
    from helpers import facts_of

    text = ("Đồng chí Lâm Văn Hòa, Bí thư Tỉnh ủy Sơn La dự hội nghị. "
            "Kết luận hội nghị, đồng chí Bí thư Tỉnh ujy nhấn mạnh nhiệm vụ.").replace("ujy", "ủy")
    names = [(m.name, m.rule) for m in facts_of(text).persons]
    assert ("Lâm Văn Hòa", "title-only") in names


def test_misspelt_name_with_same_post_is_one_person() -> None:
    text = ("Đồng chí Hà Quang Minh, Chủ tịch UBND tỉnh Yên Bái chủ trì. "
            "Đồng chí Hà Quang Mimh, Chủ tịch UBND tỉnh Yên Bái phát biểu.")
    assert list(people(text)) == ["Hà Quang Minh"]


def test_a_place_glued_to_its_abbreviated_level_does_not_run_into_the_name() -> None:
    text = "Chủ tịch HĐND TP.Hà Nội Nguyễn Ngọc Tuấn chủ trì kỳ họp."
    assert people(text) == {"Nguyễn Ngọc Tuấn": ["Chủ tịch Hội đồng nhân dân thành phố Hà Nội"]}
