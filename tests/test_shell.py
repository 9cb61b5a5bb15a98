from django.core.management import call_command


def test_shell_imports_every_model_with_its_history(capsys):
    call_command("shell", command="print(HistoricalClaim.instance_type.__name__, Claim.__name__)")
    out = capsys.readouterr()
    assert "could not be automatically imported" not in out.out + out.err
    assert "Claim Claim" in out.out
