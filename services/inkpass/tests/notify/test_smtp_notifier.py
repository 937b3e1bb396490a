import logging

import pytest
from mailsink import free_port, start_sink

from inkpass.notify import Email, SmtpNotifier, dispatch, drain, messages
from inkpass.settings import InkPassSettings


def notifier_to(port: int) -> SmtpNotifier:
    return SmtpNotifier(
        InkPassSettings(
            smtp_host="127.0.0.1",
            smtp_port=port,
            smtp_timeout_seconds=2,
            mail_from="fluxos <no-reply@fluxos.test>",
        )
    )


async def test_an_email_reaches_a_real_smtp_server() -> None:
    sink, controller, port = start_sink()
    try:
        await notifier_to(port).send_email(
            to="jane@example.com",
            subject="Hello\r\nBcc: attacker@example.com",
            text="plain body",
            html="<p>html body</p>",
            template="inkpass.test",
        )
        received = await sink.wait_for("jane@example.com")
    finally:
        controller.stop()
    assert received.recipients == ["jane@example.com"]
    message = received.message
    assert message["From"] == "fluxos <no-reply@fluxos.test>"
    # A line break in a subject cannot add headers (or recipients).
    assert message["Subject"] == "Hello Bcc: attacker@example.com"
    assert message["Bcc"] is None
    assert message["X-Fluxos-Template"] == "inkpass.test"
    assert received.text.strip() == "plain body"
    html = message.get_body(preferencelist=("html",))
    assert html is not None and "<p>html body</p>" in html.get_content()


async def test_code_emails_carry_the_code_and_its_expiry() -> None:
    sink, controller, port = start_sink()
    try:
        email = messages.code_email("reset_password", "042917", 10)
        await notifier_to(port).send_email(
            to="bob@example.com", subject=email.subject, text=email.text
        )
        received = await sink.wait_for("bob@example.com", subject="password reset")
    finally:
        controller.stop()
    assert received.code == "042917"
    assert "10 minutes" in received.text


async def test_an_unreachable_server_fails_fast_and_background_delivery_only_logs_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    notifier = notifier_to(free_port())  # nothing listens there
    with pytest.raises(OSError):
        await notifier.send_email(to="x@example.com", subject="s", text="t")
    with caplog.at_level(logging.ERROR):
        dispatch(notifier, "x@example.com", Email(subject="s", text="t", template="inkpass.test"))
        await drain(5)
    assert any("email delivery failed" in record.message for record in caplog.records)


async def test_required_starttls_never_falls_back_to_plain_text() -> None:
    import smtplib

    sink, controller, port = start_sink()  # this server offers no STARTTLS
    try:
        notifier = notifier_to(port)
        notifier.starttls = True
        with pytest.raises(smtplib.SMTPNotSupportedError):
            await notifier.send_email(to="tls@example.com", subject="secret", text="code 123456")
        await sink.settle()
        assert sink.to("tls@example.com") == []
    finally:
        controller.stop()
