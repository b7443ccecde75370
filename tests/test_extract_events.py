"""Events, their dates and who chaired, attended, reported and spoke."""

from __future__ import annotations

import pytest
from helpers import facts_of, roles

from kg.extract.dates import complete, dates_in
from kg.extract.numbers import ordinal_after
from kg.model import PartialDate

DATES = [
    ("Chiều ngày 26/6/2023, hội nghị", "2023-06-26"),
    ("Chiều 19/3, Ban Thường vụ", "--03-19"),
    ("Sáng 05/12, kỳ họp", "--12-05"),
    ("(ngày 06/10/2023)", "2023-10-06"),
    ("ngày 14/8 đến 15/8/2015", "2015-08-14"),
    ("ngày 26 tháng 6 năm 2023", "2023-06-26"),
    ("trong tháng 6 năm 2023", "2023-06"),
    ("Sáng 25-6, đoàn", "--06-25"),
    ("Hôm nay, 5/11, Tỉnh ủy", "--11-05"),
]
NOT_DATES = ["có 38/44 chỉ tiêu", "đợt 3/2, 19/5 cho 90 đảng viên", "1.904/3.803 tấn", "giai đoạn 2021-2025",
             "đạt 04/28 chỉ tiêu", "ngày 31/2", "kỷ niệm 95 năm (3/2/1930 - 3/2/2025)",
             "trong ngày, 3/4 số hộ"]


@pytest.mark.parametrize(("text", "iso"), DATES, ids=[d[0] for d in DATES])
def test_dates(text: str, iso: str) -> None:
    assert [d.date.iso() for d in dates_in(text)] == [iso]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert dates_in(text) == []


def test_year_comes_from_publication_then_the_article() -> None:
    day = PartialDate(None, 12, 30)
    assert complete(day, PartialDate(2024, 1, 2), []).iso() == "2023-12-30"
    assert complete(day, PartialDate(2024, 12), []).iso() == "2024-12-30"
    assert complete(day, None, [2019, 2021]).iso() == "2021-12-30"
    assert complete(day, None, []).iso() == "--12-30"


@pytest.mark.parametrize(("text", "n"), [(" (mở rộng) lần thứ mười ba để", 13), (" lần thứ VII,", 7),
                                         (" thứ 17 và thứ 18", 17), (" lần thứ hai mươi mốt", 21),
                                         (" tổng kết năm", None), (" tại xã Ea Kly trước Kỳ họp thứ 8", None),
                                         (" sau Kỳ họp thứ 5", None), (" thứ nhất của HĐND phường", 1),
                                         (" quán triệt Nghị quyết Hội nghị lần thứ 10", None)])
def test_ordinals(text: str, n: int | None) -> None:
    assert ordinal_after(text) == n


LEDE = ("Hội nghị Ban Chấp hành Đảng bộ huyện Ngân Sơn (mở rộng)\n"
        "Sáng 12/7/2024, Ban Chấp hành Đảng bộ huyện Ngân Sơn tổ chức hội nghị (mở rộng) lần thứ mười lăm. "
        "Đồng chí Ma Văn Khoa, Bí thư Huyện ủy chủ trì.\n")


def test_main_event_kind_date_ordinal_organizer() -> None:
    (event,) = facts_of(LEDE, title="Hội nghị Ban Chấp hành Đảng bộ huyện Ngân Sơn (mở rộng)").events
    assert (event.kind, event.date.iso() if event.date else None, event.ordinal, event.expanded) == (
        "Conference", "2024-07-12", 15, True)
    assert event.organizer is not None and event.organizer.label == "Ban Chấp hành Đảng bộ huyện Ngân Sơn"
    assert [(r.role, r.person) for r in event.roles] == [("chair", "Ma Văn Khoa")]


def test_a_headline_with_a_full_stop_is_not_the_lede_and_an_anniversary_is_no_date() -> None:
    text = ("Huyện ủy Tân Trụ trao Huy hiệu Đảng cho 40 đảng viên.\n\nSáng 2/2/2024, Ban Thường vụ Huyện ủy Tân Trụ "
            "tổ chức họp mặt kỷ niệm 94 năm Ngày thành lập Đảng (3/2/1930 - 3/2/2024) và trao Huy hiệu Đảng.\n")
    first = facts_of(text).events[0]
    assert first.date is not None and first.date.iso() == "2024-02-02"


@pytest.mark.parametrize(("lede", "kind"), [
    ("Chiều 3/6/2025, Chủ tịch UBND tỉnh Nguyễn Văn Út chủ trì cuộc họp về giải ngân.", "Meeting"),
    ("Sáng 3/6/2025, UBND tỉnh Bình Phước và Tập đoàn Điện lực tổ chức lễ ký kết hợp tác.", "Ceremony"),
    ("Sáng 3/6/2025, Tỉnh ủy Bình Phước tổ chức Diễn đàn chuyển đổi số lần thứ nhất.", "Conference"),
])
def test_more_event_words(lede: str, kind: str) -> None:
    assert [e.kind for e in facts_of(lede, PartialDate(2025, 6, 3)).events] == [kind]

@pytest.mark.parametrize("lede", [
    "Sáng 20/12/2024, HĐND xã Tân Lập tổ chức kỳ họp thứ 5.",
    "Sáng 20/12/2024, HĐND xã Tân Lập, huyện Mộc Châu, tỉnh Sơn La tổ chức kỳ họp thứ 5.",
])
def test_a_commune_body_and_the_places_it_is_in(lede: str) -> None:
    (event,) = facts_of(lede, PartialDate(2024, 12, 21)).events
    assert event.organizer is not None and event.organizer.label == "Hội đồng nhân dân xã Tân Lập"


def test_a_body_opening_its_session_organizes_it() -> None:
    (event,) = facts_of("Chiều qua (4/11), HĐND tỉnh Hà Tĩnh khai mạc kỳ họp thứ 20.",
                        PartialDate(2024, 11, 5)).events
    assert event.organizer is not None and event.organizer.label == "Hội đồng nhân dân tỉnh Hà Tĩnh"
    assert (event.kind, event.label, event.date) == (
        "Session", "Kỳ họp Hội đồng nhân dân tỉnh Hà Tĩnh lần thứ 20", PartialDate(2024, 11, 4))

ORGANIZER_CASES = {
    "a-delegation-meeting-voters": (
        "Sáng 12/4, Đoàn đại biểu Quốc hội tỉnh Cao Bằng tiếp xúc cử tri huyện Bảo Lạc.",
        "Đoàn Đại biểu Quốc hội tỉnh Cao Bằng"),
    "deputies-of-a-council-are-not-the-council": (
        "Sáng 2/12, các đại biểu HĐND tỉnh Yên Bái tiếp xúc cử tri xã Mường Lai.", None),
    "a-title-is-no-subject": (
        "Sáng 6/7, Chủ tịch Quốc hội Trần Văn Nam tiếp xúc cử tri quận Hải Châu.", None),
    "a-body-that-has-worked-with-another": (
        "Chiều 9/8, đoàn công tác của Ủy ban Thường vụ Quốc hội đã làm việc với Ban Thường vụ Tỉnh ủy Lai Châu.",
        "Ủy ban Thường vụ Quốc hội"),
    "a-standing-committee-meets": (
        "Sáng 15/4, Ban Thường vụ Thành ủy Vinh họp phiên thường kỳ tháng 4.", "Ban Thường vụ Thành ủy Vinh"),
    "the-sitting-of-a-body": (
        "Chiều 14/10, Chủ tịch Quốc hội Trần Thanh Mẫn chủ trì phiên họp thứ 38 của Ủy ban Thường vụ Quốc hội.",
        "Ủy ban Thường vụ Quốc hội"),
    "organised-by-do": (
        "Sáng 20/5, Đoàn ĐBQH tỉnh Điện Biên tiếp xúc cử tri huyện Tủa Chùa. Hội nghị do Ban Thường trực "
        "Ủy ban MTTQ Việt Nam huyện Tủa Chùa tổ chức.",
        "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam huyện Tủa Chùa"),
    "the-first-of-two-bodies-working-together": (
        "Chiều 3/12, Ủy ban MTTQ Việt Nam xã Định Hóa phối hợp với Thường trực HĐND xã Định Hóa tổ chức hội "
        "nghị tiếp xúc cử tri.",
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã Định Hóa"),
    "a-body-leading-the-organisation": (
        "Sáng 3/12, Ban Tuyên giáo Tỉnh ủy Lai Châu chủ trì tổ chức hội nghị báo cáo viên.",
        "Ban Tuyên giáo Tỉnh ủy Lai Châu"),
    "term-and-tenure-between-body-and-verb": (
        "Sáng 9/7, HĐND tỉnh Kon Tum khóa XII, nhiệm kỳ 2021 – 2026 khai mạc kỳ họp thứ tám.",
        "Hội đồng nhân dân tỉnh Kon Tum"),
    "ordinal-between-event-word-and-body": (
        "Kỳ họp thứ mười hai HĐND huyện Bảo Yên.\nSáng 14/12, kỳ họp bàn nhiệm vụ năm tới.",
        "Hội đồng nhân dân huyện Bảo Yên"),
}


@pytest.mark.parametrize(("lede", "organizer"), list(ORGANIZER_CASES.values()), ids=list(ORGANIZER_CASES))
def test_organizer(lede: str, organizer: str | None) -> None:
    (event,) = facts_of(lede, PartialDate(2024, 12, 20)).events
    assert (event.organizer.label if event.organizer else None) == organizer


def test_an_event_word_naming_a_document_is_no_event() -> None:
    text = ("Sáng 11/9, Ban Thường vụ Tỉnh ủy Phú Yên tổ chức hội nghị quán triệt Nghị quyết Hội nghị lần thứ 10 "
            "Ban Chấp hành Trung ương Đảng khóa XIII và góp ý dự thảo Văn kiện Đại hội XIV của Đảng.")
    assert [(e.kind, e.label) for e in facts_of(text, PartialDate(2024, 9, 12)).events] == [
        ("Conference", "Hội nghị Ban Thường vụ Tỉnh ủy Phú Yên")]


@pytest.mark.parametrize(("lede", "label"), [
    ("Sáng 15/4, Ban Thường vụ Thành ủy Vinh họp phiên thường kỳ tháng 4.", "Cuộc họp Ban Thường vụ Thành ủy Vinh"),
    ("Ngày 20/6, Thường trực HĐND tỉnh Lai Châu tổ chức phiên giải trình về đất đai.",
     "Cuộc họp Thường trực Hội đồng nhân dân tỉnh Lai Châu"),
])
def test_a_regular_meeting_or_a_hearing_is_a_meeting(lede: str, label: str) -> None:
    (event,) = facts_of(lede).events
    assert (event.kind, event.label) == ("Meeting", label)


def test_a_body_written_in_official_sentence_case() -> None:
    facts = facts_of("Hội nghị Tỉnh ủy Hà Giang.\nDự có Ủy ban kiểm tra Tỉnh ủy, Ban thường vụ Huyện ủy Vị Xuyên "
                     "và Đoàn đại biểu Quốc hội tỉnh Hà Giang.")
    assert {b.label for b in facts.bodies} >= {
        "Ủy ban Kiểm tra Tỉnh ủy Hà Giang", "Ban Thường vụ Huyện ủy Vị Xuyên", "Đoàn Đại biểu Quốc hội tỉnh Hà Giang"}
    assert "Quốc hội tỉnh Hà Giang" not in {b.label for b in facts.bodies}


def test_a_congress_of_delegates_is_held_by_the_party_organization() -> None:
    text = ("Ngày 28/8/2025, Đại hội đại biểu Đảng bộ tỉnh Lào Cai lần thứ I khai mạc.\nĐại hội đại biểu Đảng bộ "
            "tỉnh Yên Bái lần thứ XX, diễn ra ngày 5/8/2020, đã bầu Ban Chấp hành.")
    assert [(e.kind, e.label) for e in facts_of(text, PartialDate(2025, 8, 29)).events] == [
        ("Congress", "Đại hội Đảng bộ tỉnh Lào Cai lần thứ 1"), ("Congress", "Đại hội Đảng bộ tỉnh Yên Bái lần thứ 20")]

ROLE_CASES = {
    "those-taking-part-listed-after-tham-gia-co": (
        "Đoàn ĐBQH tỉnh Hà Giang tiếp xúc cử tri xã Minh Tân.\nCùng tham gia có đồng chí Hoàng Văn Vượng, "
        "Phó Chủ tịch UBND huyện Vị Xuyên.",
        {("attendee", "Hoàng Văn Vượng")}),
    "co-chairs-listed-before-the-verb": (
        "Các đồng chí: Hà Văn Lộc, Bí thư Tỉnh ủy; Nông Thị Mai, Chủ tịch UBND tỉnh đồng chủ trì Hội nghị.",
        {("chair", "Hà Văn Lộc"), ("chair", "Nông Thị Mai")}),
    "fronted-chair-list": (
        "Hội nghị Tỉnh ủy Cao Bằng.\nChủ trì hội nghị có các đồng chí: Hà Văn Lộc, Bí thư Tỉnh ủy; "
        "Nông Thị Mai, Chủ tịch UBND tỉnh.",
        {("chair", "Hà Văn Lộc"), ("chair", "Nông Thị Mai")}),
    "reporter-and-speaker": (
        "Hội nghị Thành ủy Vinh.\nĐồng chí Lê Thị Nga, Phó Bí thư Thường trực Thành ủy báo cáo kết quả. "
        "Đồng chí Võ Văn Hải, Chủ tịch UBND thành phố nêu một số khó khăn.",
        {("reporter", "Lê Thị Nga"), ("speaker", "Võ Văn Hải")}),
    "presenting-a-document-or-a-case": (
        "Buổi tiếp công dân tại UBND huyện Yên Lạc.\nÔng Đỗ Văn Tâm, Phó Chủ tịch UBND huyện trình bày dự thảo "
        "phương án bồi thường. Ông Lưu Quang Hòa trình bày việc gia đình chưa được cấp giấy chứng nhận. "
        "Bà Kiều Thị Thoa, Chủ tịch UBND xã nói thêm về hồ sơ.",
        {("reporter", "Đỗ Văn Tâm"), ("speaker", "Lưu Quang Hòa"), ("speaker", "Kiều Thị Thoa")}),
    "a-bare-title-is-the-last-holder-named": (
        "Đại hội Đảng bộ huyện Mường Tè.\nĐồng chí Lò Văn Phương, Bí thư Đảng ủy xã Ka Lăng dự đại hội. "
        "Đồng chí Giàng A Dình được bầu giữ chức Bí thư Huyện ủy. Bế mạc đại hội, đồng chí Bí thư nhấn mạnh "
        "yêu cầu đoàn kết. Đồng chí Phó Bí thư đề nghị các chi bộ học tập nghị quyết.",
        {("attendee", "Lò Văn Phương"), ("speaker", "Giàng A Dình")}),
    "a-person-after-of-does-not-act": (
        "Buổi tiếp công dân của Bí thư Huyện ủy Yên Lạc.\nĐồng chí Trần Văn Bình, Bí thư Huyện ủy chủ trì buổi tiếp. "
        "Bà Ngô Thị Mận trình bày việc chưa được bồi thường. Thanh tra huyện kiểm tra hồ sơ của hộ bà Mận, "
        "báo cáo kết quả trong tháng.",
        {("chair", "Trần Văn Bình"), ("speaker", "Ngô Thị Mận")}),
    "comrade-is-the-last-official-named": (
        "Buổi tiếp công dân tại Huyện ủy Yên Lạc.\nĐồng chí Trần Văn Bình, Bí thư Huyện ủy chủ trì buổi tiếp. "
        "Có mặt bà Ngô Thị Mận, người có đơn. Đồng chí nhấn mạnh phải giải quyết dứt điểm.",
        {("chair", "Trần Văn Bình"), ("attendee", "Ngô Thị Mận"), ("speaker", "Trần Văn Bình")}),
    "a-title-is-not-a-short-reference": (
        "Hội nghị Tỉnh ủy Nghệ An.\nĐồng chí Nguyễn Đức Trung, Bí thư Tỉnh ủy chủ trì hội nghị. Dự hội nghị có "
        "đồng chí Hà Văn Sơn, Ủy viên Trung ương Đảng, Phó Trưởng Ban Tổ chức Trung ương.",
        {("chair", "Nguyễn Đức Trung"), ("attendee", "Hà Văn Sơn")}),
    "fronted-speech": (
        "Kỳ họp HĐND tỉnh Phú Thọ.\nPhát biểu bế mạc kỳ họp, đồng chí Bùi Văn Quang, Chủ tịch HĐND tỉnh "
        "đề nghị các cấp triển khai nghị quyết.",
        {("speaker", "Bùi Văn Quang")}),
    "attend-and-direct": (
        "Hội nghị Tỉnh ủy Hà Giang.\nDự và chỉ đạo hội nghị có đồng chí Đinh Văn Cường, Phó Trưởng Ban Tổ chức "
        "Trung ương.",
        {("attendee", "Đinh Văn Cường"), ("speaker", "Đinh Văn Cường")}),
    "a-delegation-is-made-of-its-members": (
        "Hội nghị tiếp xúc cử tri huyện Mường La.\nĐoàn đại biểu gồm đồng chí Lò Thị Hoa (Phó Trưởng đoàn "
        "chuyên trách Đoàn ĐBQH tỉnh) và đồng chí Hà Văn Tiến (Ủy viên Ban Thường vụ Tỉnh ủy).",
        {("attendee", "Lò Thị Hoa"), ("attendee", "Hà Văn Tiến")}),
    "hosts-of-a-visiting-delegation": (
        "Buổi làm việc của Ban Thường vụ Tỉnh ủy Lai Châu.\nTiếp và làm việc với đoàn có ông Tẩn Văn Sơn, "
        "Bí thư Huyện ủy; bà Lò Thị Mai, Chủ tịch UBND huyện.",
        {("attendee", "Tẩn Văn Sơn"), ("attendee", "Lò Thị Mai")}),
    "a-steering-committee-made-of-members-attends-nothing": (
        "Hội nghị Tỉnh ủy Hà Giang.\nBan Chỉ đạo gồm đồng chí Đinh Văn Cường, Chủ tịch UBND tỉnh và các sở, ngành.",
        set()),
    "a-directive-assigns-the-task-to-others": (
        "Buổi làm việc của UBND tỉnh Bình Phước.\nĐồng chí Trần Tuệ Hiền, Chủ tịch UBND tỉnh chủ trì buổi làm "
        "việc. Đồng chí Trần Tuệ Hiền giao Sở Tài chính chủ trì, báo cáo UBND tỉnh trước ngày 30/6.",
        {("chair", "Trần Tuệ Hiền")}),
    "the-one-assigned-does-the-task": (
        "Kỳ họp HĐND tỉnh Hà Nam.\nĐồng chí Lê Thị Thủy, Chủ tịch HĐND tỉnh giao đồng chí Trần Xuân Dưỡng, "
        "Phó Chủ tịch UBND tỉnh trình bày tờ trình. Đồng chí Lê Văn Hùng được giao báo cáo kết quả giám sát. "
        "Đồng chí Phạm Gia Túc, Giám đốc Sở Giao thông vận tải báo cáo tình hình giao thông. Đồng chí "
        "Bùi Thanh Sơn, Bộ trưởng Bộ Ngoại giao phát biểu.",
        {("reporter", "Trần Xuân Dưỡng"), ("reporter", "Lê Văn Hùng"), ("reporter", "Phạm Gia Túc"),
         ("speaker", "Bùi Thanh Sơn")}),
    "a-directive-is-no-report": (
        "Buổi làm việc của UBND tỉnh Bình Phước.\nĐồng chí Trần Tuệ Hiền, Chủ tịch UBND tỉnh giao Sở Tài "
        "chính báo cáo UBND tỉnh trước ngày 30/6 và phân công Sở Nội vụ trình bày phương án.",
        set()),
    "a-fronted-role-word-that-asks-names-the-one-asking": (
        "Kỳ họp thứ 20 HĐND tỉnh Hà Nam.\nChủ tọa kỳ họp giao đồng chí Trần Xuân Dưỡng, Phó Chủ tịch UBND "
        "tỉnh tiếp thu ý kiến đại biểu. Đoàn Chủ tịch mời đồng chí Lê Văn Hùng, Giám đốc Sở Tài chính phát "
        "biểu. Chủ trì hội nghị yêu cầu đồng chí Phạm Gia Túc, Giám đốc Sở Xây dựng làm rõ.",
        {("speaker", "Trần Xuân Dưỡng"), ("speaker", "Lê Văn Hùng")}),
    "invited-guests-are-no-request": (
        "Hội nghị Tỉnh ủy Hà Giang.\nTham dự hội nghị có các đại biểu khách mời: đồng chí Đinh Văn Cường, "
        "Chủ tịch UBND tỉnh. Chủ trì hội nghị, theo đề nghị của Ban Tổ chức, có đồng chí Hầu A Lềnh, Bí thư "
        "Tỉnh ủy.",
        {("attendee", "Đinh Văn Cường"), ("chair", "Hầu A Lềnh")}),
    "on-behalf-of-a-role-is-no-role": (
        "Kỳ họp thứ 20 HĐND tỉnh Bình Định.\nĐồng chí Hồ Quốc Dũng, Chủ tịch HĐND tỉnh chủ tọa kỳ họp. Thay "
        "mặt chủ tọa, đồng chí Huỳnh Thúy Vân, Phó Chủ tịch HĐND tỉnh phát biểu khai mạc. Thay mặt Đoàn Chủ "
        "tịch, đồng chí Lê Kim Toàn điều hành phần thảo luận.",
        {("chair", "Hồ Quốc Dũng"), ("speaker", "Huỳnh Thúy Vân"), ("chair", "Lê Kim Toàn")}),
    "says-and-by-authority": (
        "Kỳ họp thứ 20 HĐND tỉnh Hà Tĩnh.\nÔng Trần Báu Hà, Chủ tịch UBND tỉnh, nói tỉnh sẽ giải ngân hết "
        "vốn đầu tư công. Ông Lê Ngọc Châu, Phó Chủ tịch UBND tỉnh thừa ủy quyền trình bày tờ trình. Bà Trần "
        "Thị Nguyệt Thu, Phó Chủ tịch HĐND tỉnh lắng nghe tiếng nói của cử tri. Nói chung, "
        "ông Võ Trọng Hải, Bí thư Tỉnh ủy hài lòng.",
        {("speaker", "Trần Báu Hà"), ("reporter", "Lê Ngọc Châu")}),
    "delegates-taking-part-in-a-voter-meeting": (
        "Tiếp xúc cử tri huyện Thuận Châu.\nNgày 28/10/2024, Đoàn ĐBQH tỉnh Sơn La tiếp xúc cử tri huyện Thuận "
        "Châu. Tham gia tiếp xúc có các đại biểu Quốc hội: Lò Thị Việt Hà, Phó Trưởng Đoàn ĐBQH chuyên trách "
        "tỉnh; Quàng Văn Hương, Ủy viên Ủy ban Kinh tế của Quốc hội.",
        {("attendee", "Lò Thị Việt Hà"), ("attendee", "Quàng Văn Hương")}),
    "a-delegation-of-named-deputies": (
        "Tiếp xúc cử tri huyện Tuy Phước.\nSáng 5/11/2024, Đoàn ĐBQH tỉnh Bình Định tiếp xúc cử tri huyện Tuy "
        "Phước. Đoàn ĐBQH tỉnh gồm các đại biểu: Lê Kim Toàn, Phó Trưởng Đoàn ĐBQH tỉnh; Nguyễn Văn Cảnh, Ủy "
        "viên Ủy ban Kinh tế của Quốc hội.",
        {("attendee", "Lê Kim Toàn"), ("attendee", "Nguyễn Văn Cảnh")}),
    "a-task-a-plan-or-an-absence-is-no-role": (
        "Hội nghị Tỉnh ủy Hà Tĩnh.\nĐồng chí Võ Trọng Hải, Bí thư Tỉnh ủy yêu cầu đồng chí Trần Báu Hà, Chủ "
        "tịch UBND tỉnh phải báo cáo trước ngày 30/11. Ông Lê Ngọc Châu sẽ báo cáo tại kỳ họp tới. Bà Trần Thị "
        "Nguyệt Thu không dự hội nghị. Ông Nguyễn Hồng Lĩnh chưa báo cáo. Ông Hoàng Trung Dũng dự hội nghị.",
        {("speaker", "Võ Trọng Hải"), ("attendee", "Hoàng Trung Dũng")}),
    "no-role-from-nouns": (
        "Hội nghị Tỉnh ủy Hà Giang.\nĐồng chí Đinh Văn Cường, Chủ tịch UBND tỉnh. Dự kiến tổng dự toán năm 2025.",
        set()),
}


@pytest.mark.parametrize(("text", "expected"), list(ROLE_CASES.values()), ids=list(ROLE_CASES))
def test_roles(text: str, expected: set[tuple[str, str]]) -> None:
    assert roles(text) == expected


def test_past_dated_meeting_is_a_second_event_and_plans_are_not() -> None:
    text = ("Hội nghị Thành ủy Lạng Sơn.\nHội nghị cho ý kiến từ Kỳ họp lần thứ 14 (ngày 06/10/2023) đến nay. "
            "Thành ủy sẽ tổ chức hội nghị tổng kết (ngày 20/12/2023).")
    dates = sorted(e.date.iso() for e in facts_of(text).events if e.date)
    assert dates == ["2023-10-06"]


def test_a_month_that_names_the_meeting_gives_way_to_the_day_it_met() -> None:
    text = ("Phiên họp Chính phủ thường kỳ tháng 10/2024\nSáng 5/11, tại Trụ sở Chính phủ, Thủ tướng Chính phủ "
            "Phạm Minh Chính chủ trì Phiên họp Chính phủ thường kỳ tháng 10/2024 với các địa phương.\n"
            "Tại Phiên họp thường kỳ tháng 10/2024, Chính phủ đã bàn việc này, như Phiên họp thường kỳ tháng "
            "9/2024.")
    title = "Phiên họp Chính phủ thường kỳ tháng 10/2024"
    assert [e.date for e in facts_of(text, title=title).events] == [PartialDate(2024, 11, 5),
                                                                   PartialDate(2024, 9)]
    text = ("Kỳ họp chuyên đề tháng 7/2024\nHĐND tỉnh Hà Nam họp kỳ họp chuyên đề tháng 7/2024, thực hiện "
            "Nghị quyết ngày 12/12/2023 của Quốc hội về giám sát.")
    assert [e.date for e in facts_of(text, title="Kỳ họp chuyên đề tháng 7/2024").events] == [PartialDate(2024, 7)]


def test_a_month_after_the_day_in_its_sentence_names_the_meeting() -> None:
    title = "Phiên họp Chính phủ thường kỳ tháng 11"
    text = (f"{title}\nSáng 7/12/2024, Thủ tướng Phạm Minh Chính chủ trì Phiên họp Chính phủ thường kỳ tháng "
            "11/2024. Tham dự có các Phó Thủ tướng: Trần Hồng Hà, Lê Thành Long.\nKỳ họp thứ 8 của Quốc hội "
            "(tháng 10/2024) đã thông qua nhiều luật.")
    main, *others = facts_of(text, title=title).events
    assert main.date == PartialDate(2024, 12, 7)
    assert {(r.role, r.person) for r in main.roles} == {
        ("chair", "Phạm Minh Chính"), ("attendee", "Trần Hồng Hà"), ("attendee", "Lê Thành Long")}
    assert [e.date for e in others] == [PartialDate(2024, 10)]

def test_an_earlier_event_told_after_trước_đó_is_named_by_its_own_words() -> None:
    title = "Chủ tịch Quốc hội làm việc tại tỉnh Hậu Giang"
    text = (f"{title}\nNgày 15/8/2024, Chủ tịch Quốc hội Trần Thanh Mẫn đã làm việc với Ban Thường vụ Tỉnh ủy "
            "Hậu Giang.\nTrước đó, chiều 14/8, Chủ tịch Quốc hội Trần Thanh Mẫn đã dự Lễ khánh thành Nhà văn hóa "
            "xã Vị Thanh.\nChiều 16/8, hội nghị tiếp tục làm việc.")
    main, *others = facts_of(text, title=title).events
    assert main.date == PartialDate(2024, 8, 15)
    assert [(e.kind, e.label, e.date) for e in others] == [
        ("Ceremony", "Lễ khánh thành Nhà văn hóa xã Vị Thanh", PartialDate(2024, 8, 14))]
    assert {(r.role, r.person) for r in others[0].roles} == {("attendee", "Trần Thanh Mẫn")}


def test_organizer_named_with_its_place_wins_and_flowers_are_not_a_speech() -> None:
    text = ("Đại hội Đảng bộ lần thứ I\nNgày 19 và 20/8, Đảng bộ phường Đông Hải (tỉnh Thanh Hóa) tổ chức Đại hội "
            "đại biểu lần thứ I.\nPhó Thủ tướng Chính phủ Trần Hồng Hà gửi lẵng hoa chúc mừng Đại hội.")
    (event,) = facts_of(text, PartialDate(2025, 8, 20), title="Đại hội Đảng bộ lần thứ I").events
    assert event.organizer is not None and event.organizer.label == "Đảng bộ phường Đông Hải"
    assert event.date == PartialDate(2025, 8, 19)
    assert roles(text) == set()
