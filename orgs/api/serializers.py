"""Serializers of the API. Personal numbers leave the server masked only: no ciphertext, no hashes."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orgs.models import Member, Organization, Secretary, User
from orgs.permissions import role_grants_of
from orgs.roles import ROLE_LABELS, Role


def masked_id_card_field() -> serializers.CharField:
    return serializers.CharField(
        source="id_card_masked",
        read_only=True,
        label=pgettext_lazy("api", "ID-card number (masked)"),
        help_text=_("First 6 and last 4 characters; the rest is masked."),
    )


def optional_choice_field(model, name: str) -> serializers.ChoiceField:
    """A model's optional choice, read only: "" (not filled in) is one of its values, and the schema says so."""
    model_field = model._meta.get_field(name)
    return serializers.ChoiceField(
        choices=model_field.choices, allow_blank=True, read_only=True, label=model_field.verbose_name
    )


class OrganizationRefSerializer(serializers.ModelSerializer):
    """An organization named inside another object: enough to link and to show."""

    class Meta:
        model = Organization
        fields = ["id", "code", "name"]


class OrganizationSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(
        source="get_level_display", read_only=True, label=pgettext_lazy("api", "level (label)")
    )
    domain = optional_choice_field(Organization, "domain")
    org_type = optional_choice_field(Organization, "org_type")
    domain_label = serializers.CharField(
        source="get_domain_display", read_only=True, label=pgettext_lazy("api", "domain (label)")
    )
    org_type_label = serializers.CharField(
        source="get_org_type_display", read_only=True, label=pgettext_lazy("api", "organization type (label)")
    )
    parent = serializers.IntegerField(
        source="parent_id",
        read_only=True,
        allow_null=True,
        label=pgettext_lazy("api", "parent organization"),
        help_text=_("Null for the top of the tree and for a parent outside your scope."),
    )

    class Meta:
        model = Organization
        fields = [
            "id",
            "code",
            "name",
            "level",
            "level_label",
            "domain",
            "domain_label",
            "org_type",
            "org_type_label",
            "parent",
            "depth",
            "numchild",
            "is_active",
        ]
        read_only_fields = fields


class OrganizationDetailSerializer(OrganizationSerializer):
    member_count = serializers.IntegerField(
        read_only=True,
        label=pgettext_lazy("api", "member count"),
        help_text=_("Active party members in the organization's whole subtree."),
    )

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "member_count"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    gender_label = serializers.CharField(
        source="get_gender_display", read_only=True, label=pgettext_lazy("api", "gender (label)")
    )
    category_label = serializers.CharField(
        source="get_category_display", read_only=True, label=pgettext_lazy("api", "member category (label)")
    )
    status_label = serializers.CharField(
        source="get_status_display", read_only=True, label=pgettext_lazy("api", "member status (label)")
    )
    branch = OrganizationRefSerializer(read_only=True, label=pgettext_lazy("api", "party branch"))
    id_card = masked_id_card_field()
    phone = serializers.CharField(
        source="phone_masked",
        read_only=True,
        label=pgettext_lazy("api", "phone (masked)"),
        help_text=_("First 3 and last 4 digits; the rest is masked."),
    )

    class Meta:
        model = Member
        fields = [
            "id",
            "name",
            "gender",
            "gender_label",
            "id_card",
            "phone",
            "branch",
            "category",
            "category_label",
            "status",
            "status_label",
            "joined_on",
            "regularized_on",
            "in_service_community",
            "floating_origin",
            "floating_destination",
            "is_active",
        ]
        read_only_fields = fields


class SecretarySerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True, label=pgettext_lazy("api", "organization"))
    id_card = masked_id_card_field()
    education = optional_choice_field(Secretary, "education")
    education_label = serializers.CharField(
        source="get_education_display", read_only=True, label=pgettext_lazy("api", "education (label)")
    )
    is_current = serializers.SerializerMethodField(
        label=pgettext_lazy("api", "in office"), help_text=_("The tenure has no end date.")
    )

    class Meta:
        model = Secretary
        fields = [
            "id",
            "name",
            "id_card",
            "organization",
            "member",
            "started_on",
            "ended_on",
            "is_current",
            "one_shoulder",
            "education",
            "education_label",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_is_current(self, secretary: Secretary) -> bool:
        return secretary.ended_on is None


class RoleGrantSerializer(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=[(role.value, ROLE_LABELS[role]) for role in Role], label=pgettext_lazy("api", "role")
    )
    role_label = serializers.SerializerMethodField(label=pgettext_lazy("api", "role (label)"))
    organization = OrganizationRefSerializer(label=pgettext_lazy("api", "organization"))

    @extend_schema_field(serializers.CharField())
    def get_role_label(self, grant: dict) -> str:
        return str(ROLE_LABELS[Role(grant["role"])])


class CurrentUserSerializer(serializers.ModelSerializer):
    department = serializers.SlugRelatedField(
        slug_field="name",
        read_only=True,
        allow_null=True,
        label=pgettext_lazy("api", "district department"),
        help_text=_("Null for a user who does not work for a district department."),
    )
    roles = serializers.SerializerMethodField(label=pgettext_lazy("api", "roles"))

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "department", "is_superuser", "roles"]
        read_only_fields = fields

    @extend_schema_field(RoleGrantSerializer(many=True))
    def get_roles(self, user: User) -> list:
        grants = [{"role": role.value, "organization": organization} for role, organization in role_grants_of(user)]
        return RoleGrantSerializer(grants, many=True).data
