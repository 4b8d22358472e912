#!/usr/bin/env python3
"""Regenerate the binary assets of the bundled example site.

    python3 scripts/make-example-assets.py [SITE_DIR]

SITE_DIR defaults to the repository root (the folder holding `content/`).

- content/photos/<id>.jpg: a neutral placeholder portrait (750x1000, a plain soft
  background that varies per person, a grey-blue head-and-shoulders silhouette) for
  every photo path named in content/staff/*.yaml. No real person is shown.
  Needs Pillow (`pip install pillow`).
- content/forms/*.pdf: small one-page A4 blank forms, written by hand as vector PDF
  (Helvetica text and ruled table lines), so they need no library and no font file.
  The titles are in ASCII because the base-14 PDF fonts carry no CJK glyphs.

The output is deterministic: running it twice gives the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

# ---------------------------------------------------------------- photos

PHOTO_SIZE = (750, 1000)
SUPERSAMPLE = 2

# Soft, light background colours (the kind used for ID-style photos and boards).
BACKGROUNDS = [
    (220, 232, 242),  # pale blue
    (232, 240, 228),  # pale green
    (242, 236, 224),  # warm beige
    (236, 230, 242),  # lavender
    (226, 238, 238),  # pale teal
    (244, 232, 232),  # pale rose
    (234, 234, 234),  # light grey
    (240, 240, 226),  # cream
]
SILHOUETTES = [
    (128, 142, 160),  # grey-blue
    (112, 128, 150),  # slate
    (140, 148, 158),  # grey
    (104, 122, 146),  # steel blue
]


def staff_photos(content: Path) -> list[str]:
    """Photo paths (relative to content/) named by the staff files, sorted."""
    key = re.compile(r"^(?:photo|照片)\s*:\s*[\"']?([^\"'#\s]+)", re.MULTILINE)
    found = set()
    for f in sorted((content / "staff").glob("*.y*ml")):
        m = key.search(f.read_text(encoding="utf-8-sig"))
        if m:
            found.add(m.group(1))
    return sorted(found)


def make_photo(path: Path, name: str, index: int) -> None:
    from PIL import Image, ImageDraw

    w, h = PHOTO_SIZE[0] * SUPERSAMPLE, PHOTO_SIZE[1] * SUPERSAMPLE
    s = SUPERSAMPLE
    # colours by position, so that neighbours on a staff board differ
    bg = BACKGROUNDS[index % len(BACKGROUNDS)]
    fg = SILHOUETTES[(index + index // len(BACKGROUNDS)) % len(SILHOUETTES)]
    # small per-person variations of the silhouette
    digest = hashlib.sha256(name.encode()).digest()
    head_w = 140 + digest[0] % 25       # half width of the head
    head_h = 175 + digest[1] % 20       # half height of the head
    shoulder = 300 + digest[2] % 60     # half width of the shoulders
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    cx = w // 2
    head_cy = 420
    # shoulders and upper body: a wide rounded shape rising from the bottom edge
    d.rounded_rectangle((cx - shoulder * s, 700 * s, cx + shoulder * s, 1200 * s),
                        radius=200 * s, fill=fg)
    # neck
    d.rounded_rectangle((cx - 70 * s, (head_cy + 100) * s, cx + 70 * s, 730 * s),
                        radius=40 * s, fill=fg)
    # head: slightly taller than wide
    d.ellipse((cx - head_w * s, (head_cy - head_h) * s, cx + head_w * s, (head_cy + head_h) * s),
              fill=fg)
    img = img.resize(PHOTO_SIZE, Image.LANCZOS)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=85, optimize=True, dpi=(300, 300))


# ---------------------------------------------------------------- forms

# (file, title, subtitle, table rows)
FORMS = [
    ("qy-company-apply.pdf", "Company Registration (Filing) Application Form",
     "Qinghe Administration for Market Regulation - blank form",
     ["Company name", "Registered address", "Legal representative", "Registered capital (CNY)",
      "Business scope", "Shareholders and contributions", "Contact person / phone",
      "Applicant signature and date"]),
    ("qy-articles-template.pdf", "Articles of Association - Model Text",
     "Limited liability company - template, fill in the blanks",
     ["Art. 1  Company name and address", "Art. 2  Business scope",
      "Art. 3  Registered capital", "Art. 4  Shareholders, contributions and dates",
      "Art. 5  Shareholders' meeting", "Art. 6  Directors and supervisors",
      "Art. 7  Legal representative", "Signatures of all shareholders"]),
    ("qy-food-apply.pdf", "Food Business Licence Application Form",
     "Qinghe Administration for Market Regulation - blank form",
     ["Business name", "Unified social credit code", "Business premises", "Business type",
      "Business items", "Food safety manager", "Contact phone", "Applicant signature and date"]),
    ("gjj-register.pdf", "Employer Housing Provident Fund Registration Form",
     "Qinghe Housing Provident Fund Management Center - blank form",
     ["Employer name", "Unified social credit code", "Address", "Contribution rate (%)",
      "Number of employees", "Agent name / ID no.", "Contact phone", "Official seal and date"]),
    ("gjj-withdraw-apply.pdf", "Housing Provident Fund Withdrawal Application Form",
     "Qinghe Housing Provident Fund Management Center - blank form",
     ["Name", "ID number", "Provident fund account no.", "Reason for withdrawal",
      "Amount requested (CNY)", "Bank card no.", "Contact phone", "Applicant signature and date"]),
    ("gjj-loan-apply.pdf", "Housing Provident Fund Personal Housing Loan Application",
     "Qinghe Housing Provident Fund Management Center - blank form",
     ["Borrower name / ID number", "Spouse name / ID number", "Address of the house",
      "House price (CNY)", "Loan amount (CNY)", "Loan term (years)", "Repayment method",
      "Borrower signature and date"]),
    ("bdc-apply.pdf", "Real Estate Registration Application Form",
     "Qinghe Real Estate Registration Center - blank form",
     ["Registration type", "Applicant (right holder)", "Applicant (obligor)", "Location of property",
      "Certificate no.", "Area (sq. m) / use", "Agent and phone", "Signatures and date"]),
    ("sb-register.pdf", "Social Insurance Registration Form (Employer)",
     "Qinghe Social Insurance Administration Center - blank form",
     ["Employer name", "Unified social credit code", "Type of employer", "Address",
      "Legal representative", "Insurance types", "Contact person / phone", "Official seal and date"]),
    ("hz-move-apply.pdf", "Household Registration Transfer Application Form",
     "Qinghe Public Security Bureau - blank form",
     ["Applicant name / ID number", "Current household address", "Destination address",
      "Relationship to head of household", "Reason for moving", "Persons moving with applicant",
      "Contact phone", "Applicant signature and date"]),
]


def pdf_text(s: str) -> str:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def form_pdf(title: str, subtitle: str, rows: list[str]) -> bytes:
    """A one-page A4 PDF: title, subtitle and a two-column ruled table."""
    ops = ["0.2 0.2 0.2 RG 0.8 w"]
    ops.append(f"BT /F2 16 Tf 56 780 Td ({pdf_text(title)}) Tj ET")
    ops.append(f"BT /F1 10 Tf 56 760 Td ({pdf_text(subtitle)}) Tj ET")
    left, right, label_w = 56, 539, 190
    top, row_h = 730, 44
    bottom = top - row_h * len(rows)
    ops.append(f"{left} {bottom} {right - left} {top - bottom} re S")
    ops.append(f"{left + label_w} {top} m {left + label_w} {bottom} l S")
    for i, label in enumerate(rows):
        y = top - row_h * (i + 1)
        if i < len(rows) - 1:
            ops.append(f"{left} {y} m {right} {y} l S")
        ops.append(f"BT /F1 10 Tf {left + 6} {y + row_h / 2 - 3:.0f} Td ({pdf_text(label)}) Tj ET")
    ops.append(f"BT /F1 8 Tf 56 {bottom - 24} Td (Example form of the gongshi demo site. "
               f"Fill in with black ink; do not alter the printed text.) Tj ET")
    stream = "\n".join(ops).encode("ascii")

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Title (%s) /Producer (gongshi make-example-assets.py) >>" % pdf_text(title).encode(),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%EOF\n" % (
        len(objects) + 1, len(objects), xref)
    return bytes(out)


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    content = root / "content"
    if not content.is_dir():
        print(f"no content/ folder in {root}", file=sys.stderr)
        return 2
    forms = content / "forms"
    forms.mkdir(parents=True, exist_ok=True)
    for name, title, subtitle, rows in FORMS:
        (forms / name).write_bytes(form_pdf(title, subtitle, rows))
        print(f"wrote content/forms/{name}")
    for index, rel in enumerate(staff_photos(content)):
        target = (content / rel).resolve()
        if content.resolve() not in target.parents:
            print(f"skipping {rel}: outside content/", file=sys.stderr)
            continue
        make_photo(target, Path(rel).stem, index)
        print(f"wrote content/{rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
