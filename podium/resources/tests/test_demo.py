from podium.accounts.demo import create_demo
from podium.resources import demo, selectors
from podium.resources.models import DocumentVersion, Place, Resource
from podium.testing.factories import PASSWORD


def test_the_demo_fills_the_library_once_with_a_public_code_of_practice(db):
    create_demo(password=PASSWORD)
    assert demo.demo_step(PASSWORD)
    assert demo.demo_step(PASSWORD) == []  # idempotent
    assert Resource.objects.count() == len(demo.RESOURCES)
    code = Resource.objects.get(title=demo.CODE_OF_PRACTICE)
    assert code.is_public
    version = DocumentVersion.objects.get(resource=code)
    with version.file.open("rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    decision = selectors.public_library().items
    assert [r.title for r in decision] == [demo.CODE_OF_PRACTICE]
    tagged = Resource.objects.filter(places__place=Place.EVENT_DECISION)
    assert {demo.CODE_OF_PRACTICE, demo.REGULATORY_ADVICE_24} <= set(
        tagged.values_list("title", flat=True)
    )


def test_the_hand_written_pdf_has_a_correct_cross_reference_table():
    from podium.resources.pdf import simple_pdf

    content = simple_pdf("Title (draft)", ["Line one", "Line two"])
    startxref = int(content.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert content[startxref:].startswith(b"xref\n0 7\n")
    offsets = [int(line[:10]) for line in content[startxref:].split(b"\n")[3:9]]
    for number, offset in enumerate(offsets, start=1):
        assert content[offset:].startswith(f"{number} 0 obj".encode())
    assert b"(Title \\(draft\\)) Tj" in content
