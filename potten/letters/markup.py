"""The plain-text markup of letter templates (``templates/letters/*.txt``), read
into the data ``potten.letters.docx.build_docx`` lays out.

One line, one thing::

    @sender Larvik kommune          letterhead, left (one line each)
    @contact E-post: …              letterhead, right
    @recipient Torstrand Vel        the address block
    @meta Vår referanse | 2025-0001 reference and date (label | value)
    @footer Larvik kommune · …      footer text on every page
    @page Side {PAGE} av {NUMPAGES} page numbers in the footer
    @subject …                      the document's subject (file properties)
    @doctitle …                     the document's title (file properties; the case, not the person)
    # Title                         the letter's title
    ## Heading / ### Subheading
    - a bullet
    | Søkt beløp | 40 000 kr |      a table row (the first row is the header)
    ! an emphasised (bold) paragraph, on one line
    > a line kept exactly as written (text typed by staff or applicants)
    plain text                      a paragraph; a blank line ends it
"""

HEAD_KEYS = {"sender", "contact", "recipient"}


def parse(text: str, language: str) -> dict:
    data: dict = {"language": language, "sender": [], "contact": [], "recipient": [], "meta": [],
                  "blocks": [], "footer": "", "page": "", "subject": "", "title": "", "doctitle": ""}
    blocks = data["blocks"]
    para: list[str] = []
    literal: list[str] = []

    def flush() -> None:
        if para:
            blocks.append({"type": "paragraph", "text": " ".join(para)})
            para.clear()
        if literal:
            blocks.append({"type": "paragraph", "text": "\n".join(literal), "literal": True})
            literal.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith(">"):
            if para:
                flush()
            quoted = raw.split(">", 1)[1]
            quoted = quoted[1:] if quoted.startswith(" ") else quoted
            if quoted.strip():
                literal.append(quoted.rstrip())
            else:
                flush()
            continue
        if not line or literal:
            flush()
        if not line:
            continue
        if line.startswith("@"):
            key, _, value = line[1:].partition(" ")
            value = value.strip()
            if key in HEAD_KEYS:
                data[key].append(value)
            elif key == "meta":
                label, _, val = value.partition("|")
                data["meta"].append([label.strip(), val.strip()])
            elif key in ("footer", "page", "subject", "doctitle"):
                data[key] = value
            else:
                raise ValueError(f"unknown letter setting @{key}")
        elif line.startswith("### "):
            flush()
            blocks.append({"type": "heading", "level": 2, "text": line[4:].strip()})
        elif line.startswith("## "):
            flush()
            blocks.append({"type": "heading", "level": 1, "text": line[3:].strip()})
        elif line.startswith("# "):
            flush()
            data["title"] = line[2:].strip()
        elif line.startswith("! "):
            flush()
            blocks.append({"type": "paragraph", "text": line[2:].strip(), "bold": True})
        elif line.startswith("- "):
            flush()
            if blocks and blocks[-1]["type"] == "bullets":
                blocks[-1]["items"].append(line[2:].strip())
            else:
                blocks.append({"type": "bullets", "items": [line[2:].strip()]})
        elif line.startswith("|"):
            flush()
            cells = [c.strip() for c in line.strip("|").split("|")]
            if blocks and blocks[-1]["type"] == "table":
                blocks[-1]["rows"].append(cells)
            else:
                blocks.append({"type": "table", "rows": [cells]})
        else:
            para.append(line)
    flush()
    return data


def quote(text: str | None) -> str:
    """Text typed by a person, marked so that no line of it is read as markup."""
    lines = (text or "").replace("\r\n", "\n").strip().split("\n")
    return "\n".join("> " + line.rstrip() for line in lines) if any(s.strip() for s in lines) else ""


def one_line(text: str | None) -> str:
    """Text typed by a person, on one line (for a bullet or a table cell)."""
    return " ".join((text or "").split()).replace("|", "/")
