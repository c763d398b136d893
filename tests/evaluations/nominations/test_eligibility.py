"""Nominating for an award checks eligibility against the consequences the real job made of approved Yucheng results:
the refusal names the subject, the rule, its version and the results; a withdrawn consequence no longer bars; a
leader's ineligibility follows the person to another organization; a duplicate or a subject out of reach is
refused; a consequence that appears after the nomination marks it and stops its confirmation."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from evaluations.models import AwardKind, AwardNomination, NominationStatus
from evaluations.selectors.nominations import ineligibility
from evaluations.services.consequences import consequences_apply
from evaluations.services.nominations import award_nominate, award_nomination_confirm, award_nomination_reject
from orgs.models import AuditEvent
from tests.support.consequences import approved, yearly_campaign
from tests.support.nominations import moved, nominated, ratings

pytestmark = pytest.mark.django_db


def refusal_of(call) -> str:
    with pytest.raises(ValidationError) as refused:
        call()
    return " ".join(refused.value.messages)


def test_a_two_star_organization_cannot_be_nominated_that_year_and_the_refusal_names_rule_and_results(district):
    ratings(district, {(district.community, 2024): 2})
    message = refusal_of(lambda: nominated(district, district.community, year=2024))
    assert message.startswith("不能提名：东城第一社区党委 2024年取消当年评先评优资格。")
    assert "二星：取消党组织及其负责人当年评先评优资格" in message and "2024年 2星" in message
    assert "（规则 Y4，第 1 版）" in message
    assert not AwardNomination.objects.exists()
    assert AuditEvent.objects.filter(action="award_nominate", outcome="refused").count() == 1
    # The year's ineligibility is that year's only.
    assert nominated(district, district.community, year=2025).status == NominationStatus.SUBMITTED


def test_three_stars_twice_in_a_term_bars_every_year_of_the_term(district):
    ratings(district, {(district.community, 2022): 3, (district.community, 2023): 3})
    message = refusal_of(lambda: nominated(district, district.community, year=2025))
    assert "本届任期（2021–2025年）取消任期内评先评优资格" in message
    assert "2022年 3星" in message and "2023年 3星" in message and "规则 Y2" in message
    assert nominated(district, district.community, year=2026).year == 2026  # the next term


def test_a_withdrawn_consequence_no_longer_bars(district):
    evaluations = ratings(district, {(district.community, 2024): 2})
    refusal_of(lambda: nominated(district, district.community, year=2024))
    evaluation = evaluations["C0101", 2024]
    evaluation.approved_stars = 4  # the district corrects 2024 to four stars
    evaluation.save(update_fields=["approved_stars"])
    consequences_apply(organization_ids=[district.community.pk])
    assert nominated(district, district.community, year=2024).status == NominationStatus.SUBMITTED


def test_a_leaders_ineligibility_follows_the_person_to_another_organization(district):
    ratings(district, {(district.community, 2024): 2})
    tenure = moved(district, to=district.sibling_community, on=date(2025, 1, 1))
    message = refusal_of(
        lambda: nominated(district, year=2024, award=AwardKind.OUTSTANDING_PARTY_WORKER, secretary=tenure)
    )
    assert message.startswith("不能提名：赵书记（时任东城第一社区党委负责人） 2024年取消当年评先评优资格。")
    assert "规则 Y4" in message
    # The sibling community itself answers for nothing of 赵书记's past.
    assert nominated(district, district.sibling_community, year=2024).status == NominationStatus.SUBMITTED


def test_a_member_is_nominated_with_the_person_key(district):
    ratings(district, {(district.community, 2024): 2})
    nomination = nominated(district, year=2024, award=AwardKind.OUTSTANDING_MEMBER, member=district.member)
    assert (nomination.person_name, nomination.person_key) == ("张三", district.member.id_card_hash)
    assert nomination.organization == district.branch  # the community's ineligibility is not the member's


def test_a_second_nomination_of_the_same_subject_is_refused(district):
    ratings(district, {(district.sibling_community, 2024): 5})
    nominated(district, district.sibling_community, year=2024)
    message = refusal_of(lambda: nominated(district, district.sibling_community, year=2024))
    assert "东城村党总支 已被推荐为 2024年度“先进基层党组织”" in message and "不能重复推荐" in message
    person = refusal_of(lambda: nominated(district, year=2024, award=AwardKind.OUTSTANDING_MEMBER))
    assert "请选择推荐的人员" in person


def test_a_subject_out_of_reach_is_refused(district):
    ratings(district, {(district.sibling_community, 2024): 5})
    outsider = district.users["outsider"]
    with pytest.raises(Http404):
        award_nominate(
            year=2024,
            award=AwardKind.ADVANCED_ORGANIZATION,
            organization=district.sibling_community,
            reason="理由",
            by=outsider,
        )
    with pytest.raises(PermissionDenied, match="上级党组织"):
        nominated(district, district.street)  # the street does not nominate itself
    assert not AwardNomination.objects.exists()


def test_a_result_approved_after_the_nomination_marks_it_and_its_confirmation_is_refused(district):
    ratings(district, {(district.sibling_community, 2023): 5})
    nomination = nominated(district, district.community, year=2024)
    assert ineligibility([nomination]) == {nomination.pk: []}
    approved(yearly_campaign(district.district, 2024), district.community, 2)  # the 2024 rating comes later
    consequences_apply(organization_ids=[district.community.pk])
    barred = ineligibility([nomination])[nomination.pk]
    assert [consequence.rule.code for consequence in barred] == ["Y4"]
    admin = district.users["district_admin"]
    message = refusal_of(lambda: award_nomination_confirm(nomination=nomination, by=admin))
    assert message.startswith("不能确认：东城第一社区党委 2024年取消当年评先评优资格。") and "2024年 2星" in message
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert "不予采纳理由" in refusal_of(lambda: award_nomination_reject(nomination=nomination, reason=" ", by=admin))
    award_nomination_reject(nomination=nomination, reason="2024年被评为二星级", by=admin)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.decided_by) == (NominationStatus.REJECTED, admin)


def test_only_the_district_confirms(district):
    ratings(district, {(district.sibling_community, 2024): 5})
    nomination = nominated(district, district.sibling_community, year=2024)
    with pytest.raises(PermissionDenied, match="区委组织部"):
        award_nomination_confirm(nomination=nomination, by=district.users["street_staff"])
    confirmed = award_nomination_confirm(nomination=nomination, by=district.users["district_admin"])
    assert confirmed.status == NominationStatus.CONFIRMED
    assert "已不在待确认状态" in refusal_of(
        lambda: award_nomination_confirm(nomination=nomination, by=district.users["district_admin"])
    )
