"""Template files read: YAML documents validated into templates, the problems of every document reported together."""

import yaml
from django.utils.translation import gettext as _

from scoring.definitions import Template
from scoring.template_format.problems import Problem, TemplateError
from scoring.template_format.tree import TemplateReader


def template_from_dict(document: object, prefix: str = "") -> Template:
    """Validate one template given as plain data (a parsed YAML document or a stored definition)."""
    parser = TemplateReader(prefix)
    template = parser.template(document)
    if parser.problems or template is None:
        raise TemplateError(parser.problems)
    return template


def parse_templates(text: str) -> list[Template]:
    """Every template of a YAML file; the problems of all documents are reported together."""
    try:
        documents = [document for document in yaml.safe_load_all(text) if document is not None]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else "?"
        raise TemplateError(
            [Problem("", _("The YAML cannot be read at line %(line)s: %(error)s") % {"line": line, "error": error})]
        ) from error
    if not documents:
        raise TemplateError([Problem("", _("The file holds no template."))])
    templates, problems = [], []
    for index, document in enumerate(documents):
        prefix = _("template %(number)s: ") % {"number": index + 1} if len(documents) > 1 else ""
        try:
            templates.append(template_from_dict(document, prefix))
        except TemplateError as error:
            problems.extend(error.problems)
    codes = [template.code for template in templates]
    for code in {code for code in codes if codes.count(code) > 1}:
        problems.append(Problem("code", _("The code %(code)s is used by two templates of this file.") % {"code": code}))
    if problems:
        raise TemplateError(problems)
    return templates


def parse_template(text: str) -> Template:
    """The one template of a YAML text."""
    templates = parse_templates(text)
    if len(templates) != 1:
        raise TemplateError([Problem("", _("Expected one template, found %(count)s.") % {"count": len(templates)})])
    return templates[0]
