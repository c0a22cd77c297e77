"""StreamField blocks for public pages: written for parents, in plain English."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class CalloutBlock(blocks.StructBlock):
    """A short, important point set apart from the text (GOV.UK inset text)."""

    text = blocks.RichTextBlock(features=["bold", "link"], label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "content/blocks/callout.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Answer"))

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "content/blocks/question.html"


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name or service"))
    role = blocks.CharBlock(required=False, label=_("Role"))
    phone = blocks.CharBlock(required=False, label=_("Phone"))
    email = blocks.EmailBlock(required=False, label=_("Email"))
    website = blocks.URLBlock(required=False, label=_("Website"))
    hours = blocks.CharBlock(required=False, label=_("Opening hours"))

    class Meta:
        icon = "user"
        label = _("Contact")
        template = "content/blocks/contact.html"


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "content/blocks/heading.html"


def body_blocks() -> list:
    return [
        ("heading", HeadingBlock()),
        ("paragraph", blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))),
        ("callout", CalloutBlock()),
        ("question", QuestionBlock()),
        ("contact", ContactBlock()),
    ]


def section_blocks() -> list:
    """A report section: text, callouts, questions and contacts (its heading is the item's)."""
    return [block for block in body_blocks() if block[0] != "heading"]
