from tandem.core import sms


def test_texts_go_through_the_configured_backend(settings, db):
    settings.TANDEM_SMS_BACKEND = "tandem.core.sms.MemoryBackend"
    sms.MemoryBackend.outbox.clear()
    result = sms.send_text("+16175550101", "Your conference is tomorrow at 4:30 p.m.")
    assert result.ok and sms.MemoryBackend.outbox == [
        ("+16175550101", "Your conference is tomorrow at 4:30 p.m.")
    ]


def test_no_number_is_a_failed_delivery_not_an_error(settings):
    assert not sms.send_text("", "Hello").ok


def test_console_backend_prints(capsys, settings, db):
    settings.TANDEM_SMS_BACKEND = "tandem.core.sms.ConsoleBackend"
    assert sms.send_text("+16175550101", "Hola").ok
    assert "Hola" in capsys.readouterr().out
