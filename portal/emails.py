"""One way to build the e-mails the portal sends, so every message has the same shape.

``templated_email("name", context, to=...)`` renders ``templates/emails/<name>.subject.txt``
(folded to one line), ``<name>.txt`` and ``<name>.html`` with ``SITE_NAME`` and
``SITE_URL`` in the context, and counts the send under the kind ``name`` in the metrics.
The subject and the plain-text body are rendered without HTML escaping (a company called
"O'Brien & Sons" must not arrive as "O&#x27;Brien &amp; Sons"); only the HTML part escapes.
Header values come from validated single-line fields, and Django refuses newlines in
headers too.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string

from portal.metrics import CountedEmail


def _render_plain_text(template_name: str, context: dict) -> str:
    return get_template(template_name).template.render(Context(context, autoescape=False))


def templated_email(
    name: str, context: dict, *, to: list[str], reply_to: list[str] | None = None
) -> EmailMultiAlternatives:
    context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
    subject = " ".join(_render_plain_text(f"emails/{name}.subject.txt", context).split())
    message = CountedEmail(
        kind=name,
        subject=subject,
        body=_render_plain_text(f"emails/{name}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    return message
