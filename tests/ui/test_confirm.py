"""Confirmation before anything destructive: forms marked data-confirm ask first (static/js/app.js)."""

import pytest

pytestmark = pytest.mark.browser

FORM = """
document.querySelector('main').insertAdjacentHTML('beforeend',
  '<form method="get" action="/tillganglighet/" data-confirm="Stäng T3 2017? Uppföljningen låses.">' +
  '<input type="hidden" name="stangd" value="1"><button type="submit">Stäng T3 2017</button></form>');
"""


@pytest.mark.parametrize("accept", [False, True], ids=["avbryt", "ok"])
def test_a_destructive_form_asks_before_it_is_sent(page, accept):
    page.goto("/tillganglighet/")
    page.evaluate(FORM)
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.on("dialog", answer)
    button = page.get_by_role("button", name="Stäng T3 2017")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert questions == ["Stäng T3 2017? Uppföljningen låses."]
    if accept:
        page.wait_for_url("**/tillganglighet/?stangd=1")
    else:
        assert "stangd" not in page.url
        assert page.evaluate("document.activeElement.textContent") == "Stäng T3 2017"
