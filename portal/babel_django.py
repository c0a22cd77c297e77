"""A Babel extractor for Django templates, built on Django's own template lexer.

Django's `templatize` turns a template's {% translate %} and {% blocktranslate %}
tags into gettext calls, which Babel's Python extractor then reads. This keeps
extraction on Babel alone, with no GNU gettext.
"""

from __future__ import annotations

import io

from babel.messages.extract import extract_python


def extract_django(fileobj, keywords, comment_tags, options):
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True)
        django.setup()
    from django.utils.translation.template import templatize

    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    # templatize keeps the template's indentation, which Python's tokenizer would reject;
    # stripping it keeps every line (and so every line number) in place.
    python_source = "\n".join(line.lstrip() for line in templatize(source).splitlines())
    yield from extract_python(
        io.BytesIO(python_source.encode("utf-8")), keywords, comment_tags, options
    )
