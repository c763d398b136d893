"""A bounded schemathesis run over every operation of the API's schema, as a district admin and as street staff:
no server error, no status code, content type or body the schema does not document, and invalid input refused.

Each operation is tried with generated data and, for a path with an id, with the id of a real object in the test
district, so the bodies of successful answers are checked against their schema too. The operations tried are
counted: a new operation is covered by construction, and one that could not be tried fails the run."""

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import SurveyFactory
from tests.permissions import matrix_followups, matrix_rectification, matrix_rewards, objects
from tests.support.democratic_votes import open_branch_vote
from tests.support.evaluations import evaluation_of, open_community_campaign
from tests.support.secretary_stars import base_stars_of

SCHEMA_URL = "/api/v1/schema/?format=json"
ROLES = ("district_admin", "street_staff")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Enough to reach every parameter of every operation a few times, few enough for ~1 minute on 2 cores.
MAX_EXAMPLES = {GenerationMode.POSITIVE: 6, GenerationMode.NEGATIVE: 4}


@pytest.fixture
def wsgi_app(settings):
    """The WSGI application on the test's own database connection: as Django's test client does, the connection is
    not closed between requests (that would end the test's transaction)."""
    settings.ALLOWED_HOSTS = ["localhost"]
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_district(district, settings, tmp_path):
    """The test district with one object of each kind the API serves, in the street staff's street."""
    settings.MEDIA_ROOT = tmp_path
    district.campaign = open_community_campaign(district)
    district.evaluation = evaluation_of(district.campaign, district.community)
    district.survey = SurveyFactory(evaluation=district.evaluation, ballots={"satisfied": 2, "fair": 1})
    district.real_ids = {
        "organizations": district.community.pk,
        "members": district.member.pk,
        "secretaries": objects.secretary(district).pk,
        "surveys": district.survey.pk,
        "campaigns": district.campaign.pk,
        "evaluations": district.evaluation.pk,
        "stages": district.campaign.stages.first().pk,
        "transitions": None,
        "objections": objects.objection(district).pk,
        "opinions": objects.opinion(district).pk,
        "recommended-lists": objects.recommended_list(district).pk,
        # The follow-up of member grades
        "follow-ups": matrix_followups.paired_help(district).pk,
        "reward-entries": objects.reward_entry(district).pk,
        "reward-circumstance-changes": matrix_rewards.circumstance_record(district).pk,
        "secretary-star-changes": base_stars_of(district, objects.secretary(district)).pk,
        "secretary-star-records": objects.secretary(district).star_years.get().pk,
        "pioneer-results": None,
        "democratic-votes": open_branch_vote(district).pk,
        # Rectification to close-out
        "rectification-cases": matrix_rectification.open_case(district).pk,
    }
    return district


def _strategy(operation, mode, real_ids, headers):
    strategy = operation.as_strategy(generation_mode=mode, headers=headers)
    resource = operation.path.removeprefix("/api/v1/").split("/")[0]
    real_id = real_ids.get(resource)
    if "{id}" not in operation.path or real_id is None or mode is not GenerationMode.POSITIVE:
        return strategy
    return st.one_of(
        strategy, operation.as_strategy(generation_mode=mode, headers=headers, path_parameters={"id": real_id})
    )


def _run(operation, strategy, max_examples):
    @hypothesis.settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def exercise(case):
        response = case.call()
        case.validate_response(response, checks=CHECKS)

    exercise()


def test_every_operation_answers_as_its_schema_says(api_district, wsgi_app):
    headers = {
        role: {"Authorization": f"Token {Token.objects.create(user=api_district.users[role]).key}"} for role in ROLES
    }
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, wsgi_app, headers=headers["district_admin"])
    declared = {(method.upper(), path) for path, item in schema.raw_schema["paths"].items() for method in item}
    exercised, failures = set(), {}
    for result in schema.get_all_operations():
        operation = result.ok()
        # An operation without parameters or body (GET /me/) has no invalid input to send.
        definition = operation.definition.raw
        has_input = definition.get("parameters") or "requestBody" in definition
        modes = MAX_EXAMPLES if has_input else {GenerationMode.POSITIVE: MAX_EXAMPLES[GenerationMode.POSITIVE]}
        for role in ROLES:
            for mode, max_examples in modes.items():
                try:
                    _run(operation, _strategy(operation, mode, api_district.real_ids, headers[role]), max_examples)
                except (Exception, FailureGroup) as failure:
                    failures[f"{operation.label} as {role}, {mode.value}"] = str(failure)
        exercised.add((operation.method.upper(), operation.path))
    assert not failures, "\n\n".join(f"{label}:\n{failure}" for label, failure in failures.items())
    assert exercised == declared
