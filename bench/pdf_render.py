"""How long one certificate PDF takes to render with WeasyPrint, in a warm process.

Usage: .venv/bin/python bench/pdf_render.py [renders]   (default 50; no database needed)

Prints the cold cost (imports + first render), then the median, p90 and max of the warm renders
and the PDF size. The results on the project's reference machine are in docs/certificates.md.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zpb.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def sample_certificate():
    """An unsaved certificate with a long Polish name: the renderer reads only its fields."""
    from certification.models import Certificate, Decision

    decision = Decision(outcome="certificate", decided_on=datetime.date(2026, 10, 15), reference="KWP-I-0231/2026")
    return Certificate(
        programme="SPB", kind="certificate", number="SPB/2026/0042", year=2026, sequence=42,
        verification_code="K7M2PX9Q4TRD", granted_on=decision.decided_on, valid_from=decision.decided_on,
        valid_until=datetime.date(2028, 10, 14), edition_name="2025/2026", decision=decision,
        holder_name="Zespół Szkół Ogólnokształcących im. Świętej Jadwigi Królowej w Łącku", holder_town="Łącko",
    )


def main(renders: int) -> None:
    started = time.perf_counter()
    import django

    django.setup()
    from certification.pdf import CertificateRenderer

    renderer, certificate = CertificateRenderer(), sample_certificate()
    _, _, pdf = renderer.render(certificate)
    cold = time.perf_counter() - started
    timings = []
    for _ in range(renders):
        start = time.perf_counter()
        renderer.render(certificate)
        timings.append(time.perf_counter() - start)
    timings.sort()
    p90 = timings[max(0, int(len(timings) * 0.9) - 1)]
    print(f"cold (django.setup + imports + first render): {cold * 1000:.0f} ms")
    print(f"warm renders: {renders}; median {statistics.median(timings) * 1000:.1f} ms, "
          f"p90 {p90 * 1000:.1f} ms, max {timings[-1] * 1000:.1f} ms")
    print(f"PDF size: {len(pdf) / 1024:.1f} KiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
