"""The page where a landlord (tenancy) or an employer (employment) answers about one person: shared by both."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.forms import sent
from webapp.registrations import service
from webapp.rentals.forms import AnswerForm, LeftForm


def handle_answer(claim, *, party: str, done_endpoint: str, left_message: str, may_answer: bool = True):
    """Returns (a redirect when something was recorded, else None; the answer form; the 'left' form).
    `may_answer` False: the party may only report a departure (a hire an employer reported is not theirs to confirm)."""
    answer, left = AnswerForm(prefix="answer"), LeftForm(prefix="left")
    if may_answer and sent(answer, request.form) and answer.validate_on_submit():
        service.answer_claim(
            claim,
            actor=current_user,
            party=party,
            confirm=answer.answer.data == "confirm",
            reason=(answer.reason.data or "").strip(),
        )
        flash(_("Thank you. Your answer has been recorded."), "success")
        return redirect(url_for(done_endpoint)), answer, left
    if sent(left, request.form) and left.validate_on_submit():
        if left.left_on.data < claim.started_on:
            left.left_on.errors = [_("The date cannot be before they started")]
        else:
            service.claim_ended(claim, actor=current_user, party=party, on=left.left_on.data)
            flash(left_message, "success")
            return redirect(url_for(done_endpoint)), answer, left
    return None, answer, left
