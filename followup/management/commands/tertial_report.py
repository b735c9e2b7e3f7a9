"""Write the tertial report from the command line: the same PDF or Word document as the report
page's links (``--format pdf|docx``); ``--arkivversion N`` a filed version of a closed
tertial's report, as the page's ``?version=N`` (``--version`` is Django's own option).

As on the page, the PDF of a closed tertial (without the appendix) is the document filed at
closing, byte for byte (filed now if it was not yet: a tertial closed before filing existed)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from followup import services
from followup.management.commands._reporting_args import plan_tertial_args
from followup.report import render_report_pdf
from followup.selectors import filed_report, is_closed
from followup.word import render_report_docx


class Command(BaseCommand):
    help = "Skriver tertialrapporten för en plan som PDF (tillgänglig PDF/UA) eller Word (.docx)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", required=True, help="Planens id, titel, kortadress eller diarienummer."
        )
        parser.add_argument("--tertial", required=True, help="Tertialen, t.ex. ”T1 2017”.")
        parser.add_argument("--output", required=True, help="Filen som rapporten skrivs till.")
        parser.add_argument(
            "--format",
            choices=["pdf", "docx"],
            default=None,
            help="pdf eller docx (Word); utan det avgör filnamnets ändelse, annars pdf.",
        )
        parser.add_argument(
            "--contributions",
            "--bidrag",
            action="store_true",
            help="Ta med aktörernas bidrag som bilaga.",
        )
        parser.add_argument(
            "--arkivversion",
            "--filed-version",
            dest="filed_version",
            default=None,
            metavar="N",
            help=(
                "En arkiverad version av en stängd tertials rapport (1, 2 …), skriven ur det "
                "som frystes vid stängningen; utan den: den senaste (stängd tertial) eller "
                "den preliminära."
            ),
        )

    def handle(
        self,
        *args,
        plan: str,
        tertial: str,
        output: str,
        contributions=False,
        filed_version=None,
        **options,
    ):
        plan_obj, tertial_value = plan_tertial_args(plan, tertial)
        if filed_version is not None:
            if not str(filed_version).isdigit():
                raise CommandError(
                    f"--arkivversion ska vara ett versionsnummer (1, 2 …), inte ”{filed_version}”."
                )
            filed_version = int(filed_version)
        if (
            filed_version is not None
            and filed_report(plan_obj, tertial_value, filed_version) is None
        ):
            # as the page's 404 for ?version=N
            raise CommandError(
                f"{tertial_value.label} för ”{plan_obj.title}” har ingen arkiverad version "
                f"{filed_version}."
            )
        path = Path(output)
        kind = options.get("format") or ("docx" if path.suffix.lower() == ".docx" else "pdf")
        record = None
        closed = filed_version is not None or is_closed(plan_obj.pk, tertial_value)
        if kind == "pdf" and not contributions and closed:
            record = filed_report(plan_obj, tertial_value, filed_version)
        if record is not None:  # the filed document itself
            services.ensure_filed_pdf(record)
            with record.pdf.open("rb") as stored:
                data = stored.read()
        else:
            render = render_report_docx if kind == "docx" else render_report_pdf
            data = render(
                plan_obj, tertial_value, contributions=contributions, version=filed_version
            )
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Kunde inte skriva {path}: {exc.strerror}.") from None
        which = f", arkiverad version {filed_version}" if filed_version is not None else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{tertial_value.label} för ”{plan_obj.title}”{which} skriven till {path} "
                f"({kind.upper()}, {len(data) // 1024} kB)."
            )
        )
