"""Set-up for the democratic vote tests: a member campaign over the district's branches and a branch's vote."""

from evaluations.models import Campaign, DemocraticVote, Evaluation
from evaluations.services.campaigns import campaign_create, campaign_open
from evaluations.services.democratic_votes.votes import democratic_vote_open
from orgs.models import Member
from scoring.models import IndicatorTemplate
from scoring.services import template_load
from tests.factories import MemberFactory
from tests.support.scoring import TEMPLATES_DIR

BRANCH_NAMES = ("王五", "赵六", "钱七")


def member_template() -> IndicatorTemplate:
    """A template that rates members (Yucheng's items under another code): enough for the vote, which reads only
    the template's ``democratic_vote`` section and otherwise its documented defaults."""
    source = (TEMPLATES_DIR / "yucheng_4plus1_2018.yaml").read_text(encoding="utf-8")
    return template_load(
        source_yaml=source.replace("code: yucheng_4plus1\n", "code: members_trial\nsubject: member\n"), by=None
    )


def branch_members(district, names=BRANCH_NAMES) -> list[Member]:
    """The branch's members: 张三 of the district fixture and the named others."""
    return [district.member, *(MemberFactory(branch=district.branch, name=name) for name in names)]


def open_member_campaign(district, democratic_vote: dict | None = None, procedure: str = "pioneer") -> Campaign:
    """A yearly member campaign over the district's branches, opened: one evaluation per active member."""
    template = member_template()
    if democratic_vote is not None:
        template.definition = {**template.definition, "democratic_vote": democratic_vote}
        template.save(update_fields=["definition"])
    name = "2026年度党员先锋指数评议"
    campaign = campaign_create(
        name=name,
        template=template,
        scope=district.district,
        year=2026,
        levels=["branch"],
        procedure=procedure,
        by=None,
    )
    return campaign_open(campaign=campaign, by=None)


def open_branch_vote(district, *, extra_names=BRANCH_NAMES, democratic_vote: dict | None = None) -> DemocraticVote:
    """The branch's democratic vote, opened by the community's organization administrator (its secretary)."""
    branch_members(district, extra_names)
    campaign = open_member_campaign(district, democratic_vote)
    return democratic_vote_open(campaign=campaign, branch=district.branch, by=district.users["org_admin"])


def rated_by_name(vote: DemocraticVote) -> dict[str, Evaluation]:
    evaluations = Evaluation.objects.filter(campaign_id=vote.campaign_id, organization_id=vote.branch_id)
    return {evaluation.member.name: evaluation for evaluation in evaluations.select_related("member")}


def sheet_choices(vote: DemocraticVote, voter: Member, option: str = "qualified", **by_name: str) -> dict[int, str]:
    """A complete sheet of the voter: ``option`` for everyone, or the option given by name."""
    return {
        evaluation.pk: by_name.get(name, option)
        for name, evaluation in rated_by_name(vote).items()
        if evaluation.member_id != voter.pk
    }
