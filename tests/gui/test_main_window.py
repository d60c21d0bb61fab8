"""The main window with the real worker: search-as-you-type, agenda, opening a client, lock."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.audit import AuditRow
from app.domain.models import ClientSummary
from app.services import clients
from app.services.audit_view import client_log
from app.ui.client_list import SUMMARY_ROLE, ClientFilterProxy, ClientListModel, StatusFilter
from app.ui.context import UiContext
from app.ui.main_window import MainWindow
from app.ui.texts import set_ui_language
from tests.gui.conftest import DEMO_CLIENTS, TODAY, wait_db
from tests.gui.drive import open_main_window as _window


def _visible_names(window: MainWindow) -> list[str]:
    proxy = window.proxy
    return [str(proxy.index(r, 0).data()) for r in range(proxy.rowCount())]


def test_list_sorted_and_filtered_as_you_type(qtbot: QtBot, ctx: UiContext) -> None:
    window = _window(qtbot, ctx)
    assert window.model.rowCount() == DEMO_CLIENTS
    window.status_filter.setCurrentIndex(2)  # all
    names = _visible_names(window)
    assert len(names) == DEMO_CLIENTS
    target = next(n for n in names if "ä" in n or "ö" in n)
    at = max(target.find("ä"), target.find("ö"))
    part = target[max(at - 2, 0) : at + 2].swapcase()  # e.g. "KKÄL": other case, with ä
    assert part != target[max(at - 2, 0) : at + 2]
    qtbot.keyClicks(window.search, part)
    shown = _visible_names(window)
    assert target in shown
    assert len(shown) < len(names)
    assert all(part.casefold() in n.casefold() for n in shown)


def test_models_pass_the_model_tester(qtbot: QtBot, ctx: UiContext, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, ctx)
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.agenda.model)
    proxy = ClientFilterProxy()
    source = ClientListModel()
    source.set_clients([window.model.summary(r) for r in range(window.model.rowCount())])
    proxy.setSourceModel(source)
    proxy.set_search("a")
    qtmodeltester.check(proxy)


def test_agenda_shows_today(qtbot: QtBot, ctx: UiContext) -> None:
    window = _window(qtbot, ctx)
    assert window.agenda.model.rowCount() > 0
    assert window.agenda.model.count_on(TODAY) >= 1
    assert str(window.agenda.model.count_on(TODAY)) in window.today_label.text()


def test_opening_a_client_is_logged_once_and_lock_clears(qtbot: QtBot, ctx: UiContext) -> None:
    window = _window(qtbot, ctx)
    summary = window.model.summary(0)
    window.select_client(summary.id)
    wait_db(qtbot, ctx)
    assert summary.name in window.client_view.header.text()
    window.show_agenda()
    window.select_client(summary.id)
    wait_db(qtbot, ctx)
    log: list[list[AuditRow]] = []
    ctx.db.run(lambda s: client_log(s, summary.id), log.append)
    wait_db(qtbot, ctx)
    assert [r.action for r in log[0]].count("client.open") == 1

    locked: list[bool] = []
    window.lock_requested.connect(lambda: locked.append(True))
    qtbot.keyClick(
        window,
        "l",
        modifier=Qt.KeyboardModifier.ControlModifier,
    )
    wait_db(qtbot, ctx)
    assert locked == [True]
    assert window.model.rowCount() == 0
    assert window.agenda.model.rowCount() == 0
    assert window.client_view.header.text() == ""
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_back_up_from_the_menu(qtbot: QtBot, ctx: UiContext, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    target = tmp_path / "elsewhere" / "copy.vakka"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    window = _window(qtbot, ctx)
    assert "no backup yet" in window.status_text.text()
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    wait_db(qtbot, ctx)
    assert target.exists() and target.stat().st_size > 0
    assert str(target) in shown[0] and "passphrase" in shown[0]
    assert "latest backup today" in window.status_text.text()
    assert ctx.errors == []  # type: ignore[attr-defined]


def test_back_up_over_a_file_the_dialog_confirmed_but_never_through_a_link(  # type: ignore[no-untyped-def]
    qtbot: QtBot, ctx: UiContext, tmp_path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from app.domain.errors import VakkaError

    document = tmp_path / "document.txt"
    document.write_bytes(b"Invented document.\n")
    existing = tmp_path / "elsewhere" / "copy.vakka"
    existing.parent.mkdir()
    existing.write_bytes(b"An older invented backup.\n")
    link = tmp_path / "elsewhere" / "link.vakka"
    link.symlink_to(document)
    chosen = [existing]
    # Qt's save dialog asks before it returns an existing path; the stub stands for "Yes".
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen[0]), ""))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    window = _window(qtbot, ctx)
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    wait_db(qtbot, ctx)
    assert existing.read_bytes().startswith(b"PK")
    assert ctx.errors == []  # type: ignore[attr-defined]

    shown_errors: list[BaseException] = []
    monkeypatch.setattr(ctx, "show_error", lambda _parent, error: shown_errors.append(error))
    chosen[0] = link
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(shown_errors), timeout=20_000)
    wait_db(qtbot, ctx)
    assert isinstance(shown_errors[0], VakkaError)
    assert shown_errors[0].code == "backup.target_is_link"
    assert link.is_symlink() and document.read_bytes() == b"Invented document.\n"


def test_log_tab_shows_the_opening_and_passes_the_model_tester(
    qtbot: QtBot, ctx: UiContext, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    from app.ui.tabs.log_tab import LogTab

    window = _window(qtbot, ctx)
    summary = window.model.summary(0)
    window.select_client(summary.id)
    wait_db(qtbot, ctx)
    tab = window.client_view.tab(LogTab)
    assert isinstance(tab, LogTab)
    window.client_view.tabs.setCurrentWidget(tab)
    wait_db(qtbot, ctx)
    qtmodeltester.check(tab.model)
    whats = [tab.model.index(r, 1).data() for r in range(tab.model.rowCount())]
    assert "Client record opened" in whats
    tab.clear()
    assert tab.model.rowCount() == 0


def _summaries(window: MainWindow) -> list[ClientSummary]:
    return [window.model.summary(r) for r in range(window.model.rowCount())]


def _proxy_of(rows: list[ClientSummary]) -> tuple[ClientListModel, ClientFilterProxy]:
    source = ClientListModel()
    source.set_clients(rows)
    proxy = ClientFilterProxy()
    proxy.setSourceModel(source)
    return source, proxy


def _shown(proxy: ClientFilterProxy) -> list[ClientSummary]:
    return [proxy.index(r, 0).data(SUMMARY_ROLE) for r in range(proxy.rowCount())]


def test_the_proxy_finds_what_the_service_finds(
    qtbot: QtBot, ctx: UiContext, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    """One Python pass per keystroke, the same answer as ``clients.matches``; the model
    tester watches every change."""
    window = _window(qtbot, ctx)
    rows = _summaries(window)
    rows += [
        dataclasses.replace(rows[0], id="x-cyr", name="Дмитрий Äijälä", client_number=9001),
        dataclasses.replace(rows[1], id="x-end", name="Öhman Ended", active=False),
    ]
    _source, proxy = _proxy_of(rows)
    qtmodeltester.check(proxy)
    texts = ["", "a", "Ä", "äi", "ÄIJ", "дм", "Дмитрий", "ö", "a\u0308", "  ", "9001", "zzz"]
    texts += [rows[2].phone[:6], rows[2].phone.replace(" ", "")[-7:], "@", "040 "]
    for status in (StatusFilter.ALL, StatusFilter.ACTIVE, StatusFilter.ENDED):
        proxy.set_status(status)
        for text in texts:
            proxy.set_search(text)
            expected = {
                s.id
                for s in rows
                if clients.matches(s, text)
                and (status is StatusFilter.ALL or s.active == (status is StatusFilter.ACTIVE))
            }
            assert {s.id for s in _shown(proxy)} == expected, (status, text)
    proxy.set_search("")
    proxy.set_status(StatusFilter.ALL)
    assert len(_shown(proxy)) == len(rows)
    proxy.sort(ClientListModel.NUMBER, Qt.SortOrder.DescendingOrder)
    numbers = [s.client_number for s in _shown(proxy)]
    assert numbers == sorted(numbers, reverse=True)


def test_names_sort_as_the_ui_language_sorts_them(qtbot: QtBot, ctx: UiContext) -> None:
    window = _window(qtbot, ctx)
    base = window.model.summary(0)
    names = ["Öhman Otto", "Aalto Anna", "Zetterberg Zoe", "Äijälä Äiti", "Åkerlund Åsa"]
    rows = [
        dataclasses.replace(base, id=f"x{i}", name=name, sort_name=name, client_number=100 + i)
        for i, name in enumerate(names)
    ]
    set_ui_language("fi")
    try:
        _source, proxy = _proxy_of(rows)
        proxy.set_status(StatusFilter.ALL)
        shown = [s.name for s in _shown(proxy)]
        assert shown == [
            "Aalto Anna",
            "Zetterberg Zoe",
            "Åkerlund Åsa",
            "Äijälä Äiti",
            "Öhman Otto",
        ]
    finally:
        set_ui_language("en")
    _source, proxy = _proxy_of(rows)
    proxy.set_status(StatusFilter.ALL)
    assert [s.name for s in _shown(proxy)][:2] == ["Aalto Anna", "Äijälä Äiti"]


def test_the_selection_survives_typing_and_clearing(qtbot: QtBot, ctx: UiContext) -> None:
    window = _window(qtbot, ctx)
    window.status_filter.setCurrentIndex(2)  # all
    summary = window.model.summary(window.model.rowCount() // 2)
    window.select_client(summary.id)
    wait_db(qtbot, ctx)
    part = summary.name.split()[0][:3]
    qtbot.keyClicks(window.search, part)
    selected = window.list.selectionModel().selectedRows()
    assert [i.data(SUMMARY_ROLE).id for i in selected] == [summary.id]
    window.search.clear()
    assert window.proxy.rowCount() == DEMO_CLIENTS
    selected = window.list.selectionModel().selectedRows()
    assert [i.data(SUMMARY_ROLE).id for i in selected] == [summary.id]
    qtbot.keyClicks(window.search, "no such client at all")
    assert window.proxy.rowCount() == 0
    assert window.list.selectionModel().selectedRows() == []
    assert window.client_view.client_id == summary.id  # the open client stays open
