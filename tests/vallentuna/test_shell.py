"""``manage.py shell`` starts without warnings, with every model imported."""

import io

from django.core.management import call_command


def test_the_shell_imports_every_model_without_a_warning(capsys):
    out = io.StringIO()
    call_command("shell", command="print(Contribution.__name__, Plan.__name__)", stdout=out)
    assert "could not be automatically imported" not in out.getvalue()
    assert "objects imported automatically" in out.getvalue()
    assert "Contribution Plan" in capsys.readouterr().out
