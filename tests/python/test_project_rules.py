"""The rules of dbt-project-evaluator, reimplemented in plain Python over dbt's manifest.

One `dbt compile` of the models on the minimal fixture (the join counts need the compiled SQL) writes
target/manifest.json; each rule is a function of that manifest returning its findings, and each has a
test that fails listing the offending nodes. The definitions follow the evaluator's published rules
(its `fct_*` models): a node's type comes from its name's prefix (`base_`, `stg_`, `int_`, `fct_`/`dim_`),
else from its folder; "parents" and "children" are direct DAG edges between models, seeds, snapshots
and sources (tests are not children).

A finding that is right to keep goes in ALLOWED with its reason; one that a change outside this file must
remove (SQL, or YAML that other work owns) goes in PENDING with that change. An entry that no longer fires
fails too, so neither list can go stale. The rule functions are also run on small hand-made manifests
(the `test_rule_*` tests at the end): each rule must fire on a bad case and stay quiet on a good one,
so that no rule test can pass because its rule finds nothing at all.
"""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

import pytest

from journeykit.project import PROJECT_DIR, run_dbt

FIXTURE = PROJECT_DIR / "tests" / "raw_data" / "minimal"
PACKAGE = "journey"

MAX_JOINS = 7
"""At most this many joins in a model's compiled SQL (the issue's "at most 7 joins")."""
TOO_MANY_JOINS_THRESHOLD = 7
"""The evaluator's own fct_too_many_joins counts a model's distinct direct parents and flags this many or
more (its `too_many_joins_threshold` default)."""
CHAINED_VIEWS_THRESHOLD = 4
"""A model fed by a chain of this many views (or ephemeral models) in a row is flagged (the evaluator's
`chained_views_threshold` default: a path of this distance whose nodes before the child are all views)."""

MODEL_TYPE_PREFIXES = {"base_": "base", "stg_": "staging", "int_": "intermediate", "fct_": "marts", "dim_": "marts"}
MODEL_TYPE_FOLDERS = ("staging", "intermediate", "marts")
NOT_PHYSICAL = {"view", "ephemeral"}


# ---------------------------------------------------------------------------------------------------------
# The manifest, as a graph
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    rule: str
    node: str
    """The node's name (a source table as `source_name.table_name`)."""
    detail: str
    part: str = ""
    """For a finding about a pair, the other node."""

    @property
    def key(self) -> str:
        return f"{self.node}[{self.part}]" if self.part else self.node


class Project:
    """The project's resources and their direct relationships, read from a manifest dict."""

    def __init__(self, manifest: dict) -> None:
        own = lambda node: node.get("package_name") == PACKAGE  # noqa: E731
        self.nodes: dict[str, dict] = {
            uid: node
            for uid, node in manifest["nodes"].items()
            if own(node) and node["resource_type"] in {"model", "seed", "snapshot"}
        }
        self.sources: dict[str, dict] = {uid: s for uid, s in manifest.get("sources", {}).items() if own(s)}
        self.tests: list[dict] = [
            node for node in manifest["nodes"].values() if own(node) and node["resource_type"] == "test"
        ]
        self.unit_tests: list[dict] = [test for test in manifest.get("unit_tests", {}).values() if own(test)]
        self.macros: list[dict] = [macro for macro in manifest.get("macros", {}).values() if own(macro)]
        self.resources = {**self.nodes, **self.sources}
        self.parents: dict[str, list[str]] = {
            uid: sorted({p for p in node.get("depends_on", {}).get("nodes", []) if p in self.resources})
            for uid, node in self.nodes.items()
        }
        self.children: dict[str, set[str]] = {uid: set() for uid in self.resources}
        for child, parents in self.parents.items():
            for parent in parents:
                self.children[parent].add(child)

    @property
    def models(self) -> dict[str, dict]:
        return {uid: node for uid, node in self.nodes.items() if node["resource_type"] == "model"}

    def name(self, uid: str) -> str:
        resource = self.resources[uid]
        if resource["resource_type"] == "source":
            return f"{resource['source_name']}.{resource['name']}"
        return resource["name"]

    def resource_type(self, uid: str) -> str:
        return self.resources[uid]["resource_type"]

    def model_type(self, uid: str) -> str | None:
        """base, staging, intermediate, marts or other, from the name's prefix, else the folder."""
        node = self.resources[uid]
        if node["resource_type"] != "model":
            return None
        for prefix, model_type in MODEL_TYPE_PREFIXES.items():
            if node["name"].startswith(prefix):
                return model_type
        folders = PurePosixPath(node["original_file_path"]).parts[:-1]
        # the folder nearest the file wins (the evaluator ranks folder matches by position)
        for folder in reversed(folders):
            if folder in MODEL_TYPE_FOLDERS:
                return folder
        return "other"

    def materialized(self, uid: str) -> str | None:
        return self.resources[uid].get("config", {}).get("materialized")

    def is_public(self, uid: str) -> bool:
        """A mart, or a model declared `access: public`."""
        node = self.resources[uid]
        return node["resource_type"] == "model" and (
            node.get("access") == "public" or self.model_type(uid) == "marts"
        )

    def tests_on(self, uid: str) -> list[dict]:
        """The generic tests that read the node and no other one (the evaluator's primary test relationships:
        a relationships test, which reads two nodes, does not count). Not by attached_node: dbt leaves it
        empty for a test on a source."""
        return [
            test
            for test in self.tests
            if test.get("test_metadata") and test.get("depends_on", {}).get("nodes", []) == [uid]
        ]


def _test_name(test: dict) -> str:
    return test["test_metadata"]["name"]


def _is_filtered(test: dict) -> bool:
    """A test with a `where` config checks only some rows: it proves no key of the whole table."""
    return bool(test.get("config", {}).get("where"))


# ---------------------------------------------------------------------------------------------------------
# The rules: each takes the Project and returns its findings
# ---------------------------------------------------------------------------------------------------------

RULES: dict[str, Callable[[Project], list[Finding]]] = {}
"""Rule id -> the function finding its violations."""


def rule(rule_id: str) -> Callable:
    def register(function: Callable[[Project], list[Finding]]) -> Callable[[Project], list[Finding]]:
        function.rule_id = rule_id
        RULES[rule_id] = function
        return function

    return register


@rule("downstream_on_source")
def rule_downstream_models_on_sources(project: Project) -> list[Finding]:
    """A mart or intermediate model reads a source directly (the evaluator's
    fct_marts_or_intermediate_dependent_on_source): sources are read by staging (and base) models only."""
    return [
        Finding("downstream_on_source", project.name(uid), f"{project.model_type(uid)} model reads {project.name(p)}")
        for uid in project.models
        if project.model_type(uid) in {"marts", "intermediate"}
        for p in project.parents[uid]
        if project.resource_type(p) == "source"
    ]


@rule("staging_on_staging")
def rule_staging_on_staging(project: Project) -> list[Finding]:
    """A staging model reads another staging model (fct_staging_dependent_on_staging); a base model,
    which sits before staging, reading a staging or base model is flagged too. A staging model reading
    its base model is the intended shape."""
    findings = []
    for uid in project.models:
        child_type = project.model_type(uid)
        for parent in project.parents[uid]:
            parent_type = project.model_type(parent)
            if (child_type == "staging" and parent_type == "staging") or (
                child_type == "base" and parent_type in {"staging", "base"}
            ):
                findings.append(
                    Finding("staging_on_staging", project.name(uid), f"{child_type} model reads {project.name(parent)}")
                )
    return findings


@rule("staging_on_downstream")
def rule_staging_on_downstream(project: Project) -> list[Finding]:
    """A staging or base model reads an intermediate model or a mart
    (fct_staging_dependent_on_marts_or_intermediate)."""
    return [
        Finding(
            "staging_on_downstream",
            project.name(uid),
            f"{project.model_type(uid)} model reads {project.model_type(p)} model {project.name(p)}",
        )
        for uid in project.models
        if project.model_type(uid) in {"staging", "base"}
        for p in project.parents[uid]
        if project.model_type(p) in {"intermediate", "marts"}
    ]


@rule("multiple_sources_joined")
def rule_multiple_sources_joined(project: Project) -> list[Finding]:
    """A model reads two or more sources (fct_multiple_sources_joined): each source is staged on its own."""
    findings = []
    for uid in project.models:
        sources = [project.name(p) for p in project.parents[uid] if project.resource_type(p) == "source"]
        if len(sources) > 1:
            findings.append(Finding("multiple_sources_joined", project.name(uid), "reads " + ", ".join(sources)))
    return findings


@rule("direct_join_to_source")
def rule_direct_join_to_source(project: Project) -> list[Finding]:
    """A model reads a source and a model (fct_direct_join_to_source): the source is staged first."""
    findings = []
    for uid in project.models:
        sources = [project.name(p) for p in project.parents[uid] if project.resource_type(p) == "source"]
        models = [project.name(p) for p in project.parents[uid] if project.resource_type(p) == "model"]
        if sources and models:
            findings.append(
                Finding(
                    "direct_join_to_source",
                    project.name(uid),
                    f"reads source {', '.join(sources)} and model {', '.join(models)}",
                )
            )
    return findings


def _has_primary_key_test(project: Project, uid: str) -> bool:
    """unique and not_null tests on one column, a unique_combination_of_columns test, or (the evaluator's
    mixed method) a unique test on a column whose not_null is an enforced contract constraint."""
    tests = [test for test in project.tests_on(uid) if not _is_filtered(test)]
    if any(_test_name(test) == "unique_combination_of_columns" for test in tests):
        return True
    unique_columns = {test.get("column_name") for test in tests if _test_name(test) == "unique"} - {None}
    not_null_columns = {test.get("column_name") for test in tests if _test_name(test) == "not_null"} - {None}
    not_null_columns |= _not_null_constraint_columns(project.resources[uid])
    return bool(unique_columns & not_null_columns)


@rule("missing_primary_key_test")
def rule_missing_primary_key_tests(project: Project) -> list[Finding]:
    """A model or a source table has no primary-key test (fct_missing_primary_key_tests, extended to
    source tables)."""
    return [
        Finding(
            "missing_primary_key_test", project.name(uid), f"{project.resource_type(uid)} without a primary-key test"
        )
        for uid in [*project.models, *project.sources]
        if not _has_primary_key_test(project, uid)
    ]


@rule("undocumented")
def rule_undocumented(project: Project) -> list[Finding]:
    """A model, a source, a source table or one of their columns has no description
    (fct_undocumented_models, fct_undocumented_sources, fct_undocumented_source_tables, and
    fct_documentation_coverage at 100 %). The columns are those the YAML declares; a contract makes
    a mart's YAML list every column the model returns."""
    findings = []
    for uid in [*project.models, *project.sources]:
        resource = project.resources[uid]
        name = project.name(uid)
        if not resource.get("description", "").strip():
            findings.append(Finding("undocumented", name, "no description"))
        if resource["resource_type"] == "source" and not resource.get("source_description", "").strip():
            findings.append(Finding("undocumented", name, f"source {resource['source_name']} has no description"))
        if resource["resource_type"] == "model" and not resource.get("patch_path"):
            findings.append(Finding("undocumented", name, "no YAML entry"))
        for column_name, column in resource.get("columns", {}).items():
            if not column.get("description", "").strip():
                findings.append(Finding("undocumented", name, f"column {column_name} has no description"))
    return findings


@rule("source_without_freshness")
def rule_sources_without_freshness(project: Project) -> list[Finding]:
    """A source table has no freshness check (fct_sources_without_freshness): it needs warn_after or
    error_after and a loaded_at_field (or loaded_at_query)."""
    findings = []
    for uid, source in project.sources.items():
        freshness = source.get("freshness") or {}
        has_threshold = any(
            (freshness.get(level) or {}).get("count") is not None for level in ("warn_after", "error_after")
        )
        has_loaded_at = bool(source.get("loaded_at_field") or source.get("loaded_at_query"))
        if not (has_threshold and has_loaded_at):
            missing = [
                what for what, ok in [("a threshold", has_threshold), ("a loaded_at_field", has_loaded_at)] if not ok
            ]
            findings.append(Finding("source_without_freshness", project.name(uid), "no " + " and no ".join(missing)))
    return findings


@rule("public_model_without_contract")
def rule_public_models_without_contract(project: Project) -> list[Finding]:
    """A public model (every mart, or any model with access: public) has no enforced contract
    (fct_public_models_without_contract)."""
    return [
        Finding("public_model_without_contract", project.name(uid), "contract not enforced")
        for uid, node in project.models.items()
        if project.is_public(uid) and not node.get("contract", {}).get("enforced")
    ]


_COMMENT_OR_STRING = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.DOTALL)
_JOIN = re.compile(r"\bjoin\b", re.IGNORECASE)


def count_joins(sql: str) -> int:
    """The join keywords of a statement, in every CTE and subquery (a macro's unrolled chain counts as what
    it is: joins the model runs), outside comments and string literals. `left join`, `cross join`,
    `full outer join` ... count once each; comma joins in a from clause are not counted."""
    return len(_JOIN.findall(_COMMENT_OR_STRING.sub(" ", sql)))


@rule("too_many_joins")
def rule_too_many_joins(project: Project) -> list[Finding]:
    """A model's compiled SQL has more than MAX_JOINS joins."""
    findings = []
    for uid, node in project.models.items():
        sql = node.get("compiled_code")
        if sql is None:
            findings.append(Finding("too_many_joins", project.name(uid), "not compiled: joins cannot be counted"))
            continue
        joins = count_joins(sql)
        if joins > MAX_JOINS:
            findings.append(Finding("too_many_joins", project.name(uid), f"{joins} joins in the compiled SQL"))
    return findings


@rule("too_many_parents")
def rule_too_many_parents(project: Project) -> list[Finding]:
    """A model has TOO_MANY_JOINS_THRESHOLD or more direct parents: the evaluator's fct_too_many_joins,
    which counts the distinct refs, seeds and sources a model reads rather than its join keywords."""
    return [
        Finding(
            "too_many_parents",
            project.name(uid),
            f"{len(parents)} parents: " + ", ".join(project.name(p) for p in parents),
        )
        for uid, parents in project.parents.items()
        if uid in project.models and len(parents) >= TOO_MANY_JOINS_THRESHOLD
    ]


@rule("chained_views")
def rule_chained_views(project: Project) -> list[Finding]:
    """A model is fed by CHAINED_VIEWS_THRESHOLD or more views (or ephemeral models) in a row
    (fct_chained_views_dependencies: a path whose every node before the child is a view)."""
    longest: dict[str, list[str]] = {}

    def view_chain(uid: str) -> list[str]:
        """The longest chain of views ending at uid (empty when uid is not a view)."""
        if uid not in longest:
            longest[uid] = []
            if project.resource_type(uid) == "model" and project.materialized(uid) in NOT_PHYSICAL:
                upstream = max((view_chain(p) for p in project.parents[uid]), key=len, default=[])
                longest[uid] = [*upstream, uid]
        return longest[uid]

    findings = []
    for uid in project.models:
        chain = max((view_chain(p) for p in project.parents[uid]), key=len, default=[])
        if len(chain) >= CHAINED_VIEWS_THRESHOLD:
            path = " -> ".join(project.name(n) for n in [*chain, uid])
            findings.append(Finding("chained_views", project.name(uid), f"{len(chain)} views in a row: {path}"))
    return findings


@rule("rejoining_upstream_concepts")
def rule_rejoining_upstream_concepts(project: Project) -> list[Finding]:
    """fct_rejoining_of_upstream_concepts: a parent A, its child B and a model C reading both A and B,
    where B has no child but C (so B's logic could live in C, or C need not read A again)."""
    findings = []
    for b, b_children in project.children.items():
        if len(b_children) != 1 or b not in project.parents:
            continue
        (c,) = b_children
        for a in project.parents[b]:
            if a in project.parents[c]:
                findings.append(
                    Finding(
                        "rejoining_upstream_concepts",
                        project.name(c),
                        f"reads {project.name(a)} and {project.name(b)}, whose only child it is and which reads "
                        f"{project.name(a)} too",
                        part=project.name(b),
                    )
                )
    return findings


@rule("tests_beside_their_model")
def rule_tests_beside_their_model(project: Project) -> list[Finding]:
    """A model's YAML entry, one of its generic tests or one of its unit tests sits in a YAML file outside
    the model's folder (fct_test_directories, and the project's one-YAML-per-folder rule)."""
    findings = []
    for uid, node in project.models.items():
        folder = PurePosixPath(node["original_file_path"]).parent
        patch = node.get("patch_path")
        if patch and PurePosixPath(patch.split("://", 1)[-1]).parent != folder:
            findings.append(
                Finding("tests_beside_their_model", project.name(uid), f"described in {patch.split('://', 1)[-1]}")
            )
        tests = [test for test in project.tests if test.get("attached_node") == uid and test.get("test_metadata")]
        tests += [test for test in project.unit_tests if test.get("depends_on", {}).get("nodes", [])[:1] == [uid]]
        for test in tests:
            if PurePosixPath(test["original_file_path"]).parent != folder:
                findings.append(
                    Finding(
                        "tests_beside_their_model",
                        project.name(uid),
                        f"{test['resource_type'].replace('_', ' ')} {test['name']} is in {test['original_file_path']}",
                    )
                )
    return findings


def _not_null_constraint_columns(resource: dict) -> set[str]:
    """The columns an enforced contract declares not null (column or model-level constraints)."""
    if not resource.get("contract", {}).get("enforced"):
        return set()
    columns = {
        name
        for name, column in resource.get("columns", {}).items()
        if any(constraint.get("type") == "not_null" for constraint in column.get("constraints", []))
    }
    for constraint in resource.get("constraints", []):
        if constraint.get("type") == "not_null":
            columns.update(constraint.get("columns", []))
    return columns


@rule("redundant_not_null_test")
def rule_redundant_not_null_tests(project: Project) -> list[Finding]:
    """A not_null data test repeats the not_null constraint of an enforced contract on the same column
    (the project's rule: the constraint stays, the data test goes; unique tests stay)."""
    findings = []
    for uid, node in project.models.items():
        constrained = _not_null_constraint_columns(node)
        for test in project.tests_on(uid):
            if _test_name(test) == "not_null" and test.get("column_name") in constrained and not _is_filtered(test):
                findings.append(
                    Finding(
                        "redundant_not_null_test",
                        project.name(uid),
                        f"not_null test on {test['column_name']} repeats its contract constraint",
                    )
                )
    return findings


@rule("generic_tests_in_one_place")
def rule_generic_tests_in_one_place(project: Project) -> list[Finding]:
    """A generic test is defined outside tests/generic/ (the project's rule: one place for them all)."""
    return [
        Finding(
            "generic_tests_in_one_place",
            macro["name"].removeprefix("test_"),
            f"defined in {macro['original_file_path']}",
        )
        for macro in project.macros
        if macro["name"].startswith("test_") and not macro["original_file_path"].startswith("tests/generic/")
    ]


# ---------------------------------------------------------------------------------------------------------
# Known findings: justified (ALLOWED) or waiting for a change elsewhere (PENDING)
# ---------------------------------------------------------------------------------------------------------

_NO_RAW_KEY = (
    "the raw-data contract (docs/raw_data_contract.md) gives a landing table no unique key: a redelivery "
    "repeats the row's id and can be an exact copy, loaded_at included; the key starts at the staging model "
    "(unique + not_null there)"
)
_UNION_PER_SOURCE = (
    "a union with one branch per source table, generated from one list; its parents are union branches, not "
    "joins (the compiled SQL has at most 7 joins)"
)

ALLOWED: dict[tuple[str, str], str] = {
    **{("missing_primary_key_test", table): _NO_RAW_KEY for table in [
        "ads.ad_spend", "billing.orders", "billing.subscriptions", "crm.crm_activities", "crm.crm_leads",
        "crm.crm_opportunities", "email.email_events", "support.support_tickets", "support.survey_responses",
        "tracking.events", "tracking.ga4_events", "tracking.segment_tracks", "tracking.segment_pages",
        "tracking.segment_screens", "tracking.segment_identifies", "tracking.snowplow_events",
    ]},
    **{("too_many_parents", model): _UNION_PER_SOURCE + " (journey.staged_tables(): every base model)" for model in [
        "int_raw_duplicates_counted", "int_raw_rows_quarantined", "int_source_loads_summarized",
    ]},
    ("too_many_parents", "int_raw_rows_reconciled"): (
        _UNION_PER_SOURCE + " (journey.staged_tables(): every base and every staging model, counted per table)"
    ),
    ("multiple_sources_joined", "base_segment__events"): (
        "a union of Segment's tracks, pages and screens tables, one branch each (source_table says which), "
        "parsed into one event shape: no join"
    ),
    ("multiple_sources_joined", "base_pii__known_names"): (
        _UNION_PER_SOURCE + " (the name columns and email local parts of every source table that carries one, "
        "read once in staging so that names are redacted from free text and read nowhere else)"
    ),
    ("too_many_parents", "base_pii__known_names"): (
        _UNION_PER_SOURCE + " (eight source tables with names or emails, and the name_common_words seed)"
    ),
    ("too_many_parents", "int_configured_events_checked"): (
        _UNION_PER_SOURCE + " (journey.configured_event_columns(): every seed column that names an event, checked "
        "against the taxonomy in one model that nothing is built from, so that its failure skips nothing)"
    ),
    ("too_many_parents", "int_tracking_event_volumes_scored"): (
        _UNION_PER_SOURCE + " (journey.configured_event_columns(): the seeds that name an event, so that an "
        "event a funnel or conversion names is expected even before it arrives; read from the seeds, not from "
        "int_configured_events_checked, whose failing test must skip nothing)"
    ),
    ("rejoining_upstream_concepts", "int_identity_observations_unioned[int_identity_links_inferred]"): (
        "the observations read every email event for the email identifiers it carries; the inferred links are a "
        "step of their own (clicks matched to landings, unambiguous both ways, with a confidence) that its unit "
        "tests check alone, and they must enter the observations so that the merge guards apply to them"
    ),
    ("too_many_parents", "int_identity_observations_unioned"): (
        _UNION_PER_SOURCE + " (every staging model that carries identifiers)"
    ),
    ("too_many_parents", "int_record_links_measured"): (
        _UNION_PER_SOURCE + " (the record ids of six staging models, then one lookup in the identity map)"
    ),
    ("too_many_parents", "int_activities_unioned"): (
        "the person timeline: one union branch per activity source (eight staging models, the sessionized events "
        "and the sessions) and the identity map they are looked up in; its joins are counted by too_many_joins"
    ),
    ("rejoining_upstream_concepts", "fct_opportunities[fct_text_topics_by_segment]"): (
        "fct_text_topics_by_segment is a public mart (contract, read by analysts), not a step to fold in; "
        "fct_opportunities reads fct_text_topics for the overall topic shares the segment mart does not carry"
    ),
    ("too_many_joins", "fct_opportunities"): (
        "the decision plan: each source's rows meet their configuration (fix actions, funnel totals, step names "
        "and filters), each source's discoveries meet the Benjamini-Hochberg corrections run across the sources, "
        "and the rows of all three sources meet each other to merge those that are one root cause, which a "
        "per-source model could not do"
    ),
    ("too_many_parents", "fct_opportunities"): (
        "three sources (friction, funnels, text with its segment mart), their two action seeds, the funnels' "
        "definitions and step filters (which breakdowns a step defines by itself), and dim_persons for the days "
        "the data covers (the suggested tests' durations)"
    ),
    ("rejoining_upstream_concepts", "fct_churn_predictors[int_churn_behaviours_observed]"): (
        "the population counts come from every member (int_churn_outcomes_observed), the behaviour counts from "
        "the members who showed each behaviour (int_churn_behaviours_observed); folding one into the other "
        "would need a placeholder behaviour row per member"
    ),
    ("rejoining_upstream_concepts", "fct_opportunities[fct_friction_segments]"): (
        "fct_friction_segments is a public mart; friction_points is a config seed read again only for each "
        "friction point's fix_action wording"
    ),
    ("rejoining_upstream_concepts", "int_funnel_entry_steps[int_funnel_unordered_steps_reached]"): (
        "the engine's steps have their own grains: the unordered steps reached (entry x step, only steps "
        "reached) are one input of the grid, which crosses every entry with every step (int_funnel_entries x "
        "int_funnel_steps_prepared) and also takes the ordered chain; folding the unordered model into the grid "
        "would hide a step of the engine that its unit test checks alone"
    ),
    (
        "rejoining_upstream_concepts",
        "int_attribution_shapley_values_computed[int_attribution_shapley_coalitions_valued]",
    ): (
        "the Shapley game in steps with their own grains: coalition values (channel set x coalition) and the "
        "members of each channel set (channel set x channel, from int_attribution_journey_channels_coded) meet "
        "to give the marginal contributions; the coalition model is a step the unit tests check alone"
    ),
    (
        "rejoining_upstream_concepts",
        "int_attribution_shapley_credits_assigned[int_attribution_shapley_values_computed]",
    ): (
        "Shapley shares (channel set x channel) are joined back to the converting journeys' touches (journey x "
        "touch, from int_attribution_journey_channels_coded) to give each touch its credit; the shares are a "
        "step at their own grain"
    ),
}
"""(rule, finding key) -> why the finding is right to keep. A finding's key is its node, or
`node[other node]` for rules whose finding is about a pair."""

PENDING: dict[tuple[str, str], str] = {
}
"""(rule, finding key) -> the change that will remove a finding that is not right to keep: SQL or YAML
that other work owns. Listed so that nothing is silent; each entry goes when its change lands."""


# ---------------------------------------------------------------------------------------------------------
# The rules on the project
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """One `dbt compile` of the models (tests and seeds are parsed, not compiled)."""
    work = tmp_path_factory.mktemp("project_rules")
    run_dbt(
        ["compile", "--select", "resource_type:model"],
        raw_path=FIXTURE,
        duckdb_path=work / "rules.duckdb",
        target_path=work / "target",
    )
    return Project(json.loads((work / "target" / "manifest.json").read_text()))


def check(
    rule: Callable[[Project], list[Finding]], project: Project, known: dict[tuple[str, str], str] | None = None
) -> None:
    """Fails listing the rule's findings that ALLOWED and PENDING do not list, and their entries for the
    rule that no longer fire."""
    known = {**ALLOWED, **PENDING} if known is None else known
    findings = rule(project)
    assert {finding.rule for finding in findings} <= {rule.rule_id}
    unexpected = [f for f in findings if (f.rule, f.key) not in known]
    fired = {(f.rule, f.key) for f in findings}
    stale = [key for key in known if key[0] == rule.rule_id and key not in fired]
    message = []
    if unexpected:
        message.append(f"{len(unexpected)} finding(s) of {rule.__name__}:")
        message += [f"  {f.key}: {f.detail}" for f in sorted(unexpected, key=lambda f: (f.key, f.detail))]
    if stale:
        message.append("ALLOWED or PENDING entries that no longer fire (remove them):")
        message += [f"  {rule_id}: {key}" for rule_id, key in sorted(stale)]
    if message:
        pytest.fail("\n".join(message), pytrace=False)


def test_project_has_the_layers_the_rules_read(project: Project) -> None:
    """The rules below see the whole project: models of every layer, sources and tests."""
    types = {project.model_type(uid) for uid in project.models}
    assert {"base", "staging", "intermediate", "marts"} <= types
    assert len(project.models) > 50 and len(project.sources) >= 10 and len(project.tests) > 100
    assert all(node.get("compiled_code") for node in project.models.values())


def test_no_mart_or_intermediate_model_reads_a_source(project: Project) -> None:
    check(rule_downstream_models_on_sources, project)


def test_no_staging_model_reads_another_staging_model(project: Project) -> None:
    check(rule_staging_on_staging, project)


def test_no_staging_model_reads_a_downstream_model(project: Project) -> None:
    check(rule_staging_on_downstream, project)


def test_no_model_joins_two_sources(project: Project) -> None:
    check(rule_multiple_sources_joined, project)


def test_no_model_joins_a_source_to_a_model(project: Project) -> None:
    check(rule_direct_join_to_source, project)


def test_every_model_and_source_table_has_a_primary_key_test(project: Project) -> None:
    check(rule_missing_primary_key_tests, project)


def test_every_model_source_and_column_is_described(project: Project) -> None:
    check(rule_undocumented, project)


def test_every_source_table_has_freshness(project: Project) -> None:
    check(rule_sources_without_freshness, project)


def test_every_public_model_has_an_enforced_contract(project: Project) -> None:
    check(rule_public_models_without_contract, project)


def test_no_model_has_more_than_seven_joins(project: Project) -> None:
    check(rule_too_many_joins, project)


def test_no_model_has_seven_or_more_parents(project: Project) -> None:
    check(rule_too_many_parents, project)


def test_no_model_sits_on_a_long_chain_of_views(project: Project) -> None:
    check(rule_chained_views, project)


def test_no_model_rejoins_an_upstream_concept(project: Project) -> None:
    check(rule_rejoining_upstream_concepts, project)


def test_each_models_tests_sit_in_its_own_folder(project: Project) -> None:
    check(rule_tests_beside_their_model, project)


def test_no_not_null_test_repeats_a_contract_constraint(project: Project) -> None:
    check(rule_redundant_not_null_tests, project)


def test_generic_tests_are_defined_in_tests_generic_only(project: Project) -> None:
    check(rule_generic_tests_in_one_place, project)


def test_allowed_and_pending_findings_name_known_rules_and_give_a_reason() -> None:
    assert not set(ALLOWED) & set(PENDING)
    assert {rule_id for rule_id, _ in [*ALLOWED, *PENDING]} <= set(RULES)
    assert all(len(reason) > 40 for reason in [*ALLOWED.values(), *PENDING.values()])


# ---------------------------------------------------------------------------------------------------------
# Each rule on hand-made manifests: it fires on a bad case and not on a good one
# ---------------------------------------------------------------------------------------------------------


def _model(name: str, parents: Iterable[str] = (), *, folder: str = "models", materialized: str = "table",
           sql: str = "select 1", contract: bool = False, columns: dict | None = None,
           description: str = "A model.", yaml: str | None = "") -> dict:
    path = f"{folder}/{name}.sql"
    return {
        "unique_id": f"model.{PACKAGE}.{name}", "name": name, "resource_type": "model", "package_name": PACKAGE,
        "original_file_path": path, "depends_on": {"nodes": list(parents)},
        "config": {"materialized": materialized}, "compiled_code": sql,
        "contract": {"enforced": contract}, "columns": columns or {}, "description": description,
        "patch_path": (f"{PACKAGE}://{folder}/_models.yml" if yaml == "" else yaml), "access": "protected",
        "constraints": [],
    }


def _source(name: str, *, freshness: bool = True, description: str = "A table.") -> dict:
    return {
        "unique_id": f"source.{PACKAGE}.raw.{name}", "name": name, "source_name": "raw", "resource_type": "source",
        "package_name": PACKAGE, "original_file_path": "models/staging/_sources.yml", "columns": {},
        "description": description, "source_description": "Raw tables.",
        "freshness": {"warn_after": {"count": 1 if freshness else None, "period": "hour"}, "error_after": {}},
        "loaded_at_field": "loaded_at",
    }


def _test(test_name: str, on: str, column: str | None = None, *, file: str | None = None,
          extra_parents: Iterable[str] = (), where: str | None = None) -> dict:
    return {
        "unique_id": f"test.{PACKAGE}.{test_name}_{on}_{column}", "name": f"{test_name}_{on.split('.')[-1]}_{column}",
        "resource_type": "test", "package_name": PACKAGE, "column_name": column,
        "attached_node": None if on.startswith("source.") else on,  # as dbt leaves it for a source's test
        "test_metadata": {"name": test_name, "kwargs": {}}, "depends_on": {"nodes": [on, *extra_parents]},
        "original_file_path": file or "models/_models.yml", "config": {"where": where},
    }


def _unit_test(model: str, *, file: str) -> dict:
    return {
        "unique_id": f"unit_test.{PACKAGE}.{model}.edges", "name": f"{model}_edges", "resource_type": "unit_test",
        "package_name": PACKAGE, "model": model, "depends_on": {"nodes": [_uid(model)]}, "original_file_path": file,
    }


def _project(*resources: dict) -> Project:
    manifest = {"nodes": {}, "sources": {}, "unit_tests": {}}
    kinds = {"source": "sources", "unit_test": "unit_tests"}
    for resource in resources:
        manifest[kinds.get(resource["resource_type"], "nodes")][resource["unique_id"]] = resource
    return Project(manifest)


def _uid(name: str) -> str:
    return f"source.{PACKAGE}.raw.{name}" if name.startswith("raw_") else f"model.{PACKAGE}.{name}"


def _nodes(findings: list[Finding]) -> set[str]:
    return {finding.node for finding in findings}


def test_rule_downstream_models_on_sources() -> None:
    project = _project(
        _source("raw_a"),
        _model("stg_a", [_uid("raw_a")]),
        _model("fct_a", [_uid("raw_a")]),
        _model("int_a", [_uid("stg_a")]),
        _model("int_b", [_uid("raw_a")], folder="models/intermediate"),
    )
    assert _nodes(rule_downstream_models_on_sources(project)) == {"fct_a", "int_b"}


def test_rule_staging_on_staging_and_downstream() -> None:
    project = _project(
        _model("base_a"),
        _model("stg_a", [_uid("base_a")]),
        _model("stg_b", [_uid("stg_a")]),
        _model("int_a", [_uid("stg_a")]),
        _model("stg_c", [_uid("int_a")]),
        _model("base_b", [_uid("stg_a")]),
        _model("orders", [_uid("stg_a")], folder="models/staging/shop"),  # staging by its folder
    )
    assert _nodes(rule_staging_on_staging(project)) == {"stg_b", "base_b", "orders"}
    assert _nodes(rule_staging_on_downstream(project)) == {"stg_c"}


def test_rule_sources_joined() -> None:
    project = _project(
        _source("raw_a"), _source("raw_b"),
        _model("stg_a", [_uid("raw_a")]),
        _model("stg_ab", [_uid("raw_a"), _uid("raw_b")]),
        _model("stg_b", [_uid("raw_b"), _uid("stg_a")]),
    )
    assert _nodes(rule_multiple_sources_joined(project)) == {"stg_ab"}
    assert _nodes(rule_direct_join_to_source(project)) == {"stg_b"}


def test_rule_missing_primary_key_tests() -> None:
    key_constraint = {"constraints": [{"type": "not_null"}], "description": "Key."}
    project = _project(
        _source("raw_a"), _source("raw_b"),
        _model("both_tests"), _model("combination"), _model("split_columns"), _model("only_unique"),
        _model("filtered"), _model("relationship_only"),
        _model("contract_key", contract=True, columns={"id": key_constraint}),
        _model("constraint_not_enforced", contract=False, columns={"id": key_constraint}),
        _test("unique", _uid("both_tests"), "id"), _test("not_null", _uid("both_tests"), "id"),
        _test("unique_combination_of_columns", _uid("combination")),
        _test("unique", _uid("split_columns"), "id"), _test("not_null", _uid("split_columns"), "other_id"),
        _test("unique", _uid("only_unique"), "id"),
        _test("unique", _uid("filtered"), "id", where="is_kept"), _test("not_null", _uid("filtered"), "id"),
        _test("unique", _uid("relationship_only"), "id", extra_parents=[_uid("both_tests")]),
        _test("not_null", _uid("relationship_only"), "id"),
        _test("unique", _uid("contract_key"), "id"),
        _test("unique", _uid("constraint_not_enforced"), "id"),
        _test("unique", _uid("raw_a"), "id"), _test("not_null", _uid("raw_a"), "id"),
    )
    assert _nodes(rule_missing_primary_key_tests(project)) == {
        "split_columns", "only_unique", "filtered", "relationship_only", "constraint_not_enforced", "raw.raw_b",
    }


def test_rule_undocumented() -> None:
    project = _project(
        _source("raw_a", description=""),
        _model("described", columns={"id": {"description": "The key."}}),
        _model("no_description", description=" "),
        _model("no_yaml", yaml=None),
        _model("column_undescribed", columns={"id": {"description": ""}}),
    )
    assert {(f.node, f.detail) for f in rule_undocumented(project)} == {
        ("raw.raw_a", "no description"),
        ("no_description", "no description"),
        ("no_yaml", "no YAML entry"),
        ("column_undescribed", "column id has no description"),
    }


def test_rule_sources_without_freshness() -> None:
    without_loaded_at = _source("raw_c")
    without_loaded_at["loaded_at_field"] = None
    project = _project(_source("raw_a"), _source("raw_b", freshness=False), without_loaded_at)
    assert {(f.node, f.detail) for f in rule_sources_without_freshness(project)} == {
        ("raw.raw_b", "no a threshold"),
        ("raw.raw_c", "no a loaded_at_field"),
    }


def test_rule_public_models_without_contract() -> None:
    public = _model("orders_report")
    public["access"] = "public"
    project = _project(
        _model("fct_a", contract=True), _model("fct_b"), _model("int_a"), public,
        _model("report", folder="models/marts/finance"),
    )
    assert _nodes(rule_public_models_without_contract(project)) == {"fct_b", "orders_report", "report"}


def test_count_joins_skips_comments_and_strings() -> None:
    sql = """
        with a as (select * from x left join y on x.id = y.id),  -- a join in a comment
        b as (select 'join' as word, * from a cross join z /* join
        join */)
        select * from b full outer join c on true inner join d using (id) join e using (id)
    """
    assert count_joins(sql) == 5


def test_rule_too_many_joins_and_parents() -> None:
    many_joins = "select * from a" + " left join b on true" * (MAX_JOINS + 1)
    enough_joins = "select * from a" + " join b on true" * MAX_JOINS
    parents = [_model(f"int_{i}") for i in range(TOO_MANY_JOINS_THRESHOLD)]
    project = _project(
        *parents,
        _model("fct_many", sql=many_joins),
        _model("fct_enough", sql=enough_joins),
        _model("fct_many_parents", [p["unique_id"] for p in parents]),
        _model("fct_enough_parents", [p["unique_id"] for p in parents[:-1]]),
    )
    assert _nodes(rule_too_many_joins(project)) == {"fct_many"}
    assert _nodes(rule_too_many_parents(project)) == {"fct_many_parents"}


def test_rule_chained_views() -> None:
    # t -> v1 -> v2 -> v3 -> v4 -> m: m is fed by 4 views in a row; v4 by 3 (not flagged).
    # t -> w1 -> w2 -> w3 -> tab -> n: the table breaks the chain.
    project = _project(
        _model("t"),
        _model("v1", [_uid("t")], materialized="view"),
        _model("v2", [_uid("v1")], materialized="ephemeral"),
        _model("v3", [_uid("v2")], materialized="view"),
        _model("v4", [_uid("v3"), _uid("t")], materialized="view"),
        _model("m", [_uid("v4")]),
        _model("w1", [_uid("t")], materialized="view"),
        _model("w2", [_uid("w1")], materialized="view"),
        _model("w3", [_uid("w2")], materialized="view"),
        _model("tab", [_uid("w3")]),
        _model("n", [_uid("tab")], materialized="view"),
    )
    findings = rule_chained_views(project)
    assert _nodes(findings) == {"m"}
    assert findings[0].detail == "4 views in a row: v1 -> v2 -> v3 -> v4 -> m"


def test_rule_rejoining_upstream_concepts() -> None:
    # a -> b -> c and a -> c, b read by c only: flagged. a -> d -> e and a -> e, d also read by f: not flagged.
    project = _project(
        _model("a"),
        _model("b", [_uid("a")]),
        _model("c", [_uid("a"), _uid("b")]),
        _model("d", [_uid("a")]),
        _model("e", [_uid("a"), _uid("d")]),
        _model("f", [_uid("d")]),
    )
    assert [(f.key, f.detail) for f in rule_rejoining_upstream_concepts(project)] == [
        ("c[b]", "reads a and b, whose only child it is and which reads a too")
    ]


def test_rule_tests_beside_their_model() -> None:
    project = _project(
        _model("stg_a", folder="models/staging/shop"),
        _model("base_a", folder="models/staging/shop/base", yaml=f"{PACKAGE}://models/staging/shop/_models.yml"),
        _test("unique", _uid("stg_a"), "id", file="models/staging/shop/_models.yml"),
        _test("not_null", _uid("stg_a"), "id", file="models/marts/_models.yml"),
        _unit_test("base_a", file="models/staging/shop/_models.yml"),
        _unit_test("stg_a", file="models/staging/shop/_models.yml"),
    )
    assert {(f.node, " ".join(f.detail.split(" ")[:2])) for f in rule_tests_beside_their_model(project)} == {
        ("base_a", "described in"),
        ("base_a", "unit test"),
        ("stg_a", "test not_null_stg_a_id"),
    }


def test_rule_redundant_not_null_tests() -> None:
    key = {"constraints": [{"type": "not_null"}], "description": "Key."}
    project = _project(
        _model("fct_a", contract=True, columns={"id": key, "name": {"description": "Name."}}),
        _model("int_a", contract=False, columns={"id": key}),
        _test("not_null", _uid("fct_a"), "id"), _test("unique", _uid("fct_a"), "id"),
        _test("not_null", _uid("fct_a"), "name"),
        _test("not_null", _uid("int_a"), "id"),
    )
    assert [(f.node, f.detail) for f in rule_redundant_not_null_tests(project)] == [
        ("fct_a", "not_null test on id repeats its contract constraint")
    ]


def test_rule_generic_tests_in_one_place() -> None:
    project = _project()
    project.macros = [
        {"name": "test_value_between", "original_file_path": "tests/generic/value_between.sql"},
        {"name": "test_is_positive", "original_file_path": "macros/utils/checks.sql"},
        {"name": "safe_ratio", "original_file_path": "macros/utils/ratios.sql"},
    ]
    assert [(f.node, f.detail) for f in rule_generic_tests_in_one_place(project)] == [
        ("is_positive", "defined in macros/utils/checks.sql")
    ]


def test_every_rule_is_tried_on_a_hand_made_manifest() -> None:
    """Each rule function is called by one of the test_rule_* tests above (which must see it fire)."""
    sources = "".join(
        inspect.getsource(function) for name, function in globals().items() if name.startswith("test_rule_")
    )
    assert [function.__name__ for function in RULES.values() if f"{function.__name__}(" not in sources] == []


def test_check_reports_findings_and_stale_allowed_entries() -> None:
    project = _project(_source("raw_a"), _source("raw_b"), _model("stg_ab", [_uid("raw_a"), _uid("raw_b")]))
    with pytest.raises(pytest.fail.Exception, match="\n  stg_ab: reads raw.raw_a, raw.raw_b$"):
        check(rule_multiple_sources_joined, project, known={})
    known = {
        ("multiple_sources_joined", "stg_ab"): "a reason long enough to read",
        ("multiple_sources_joined", "gone"): "a model that no longer exists",
    }
    with pytest.raises(pytest.fail.Exception, match="no longer fire.*\n  multiple_sources_joined: gone$"):
        check(rule_multiple_sources_joined, project, known=known)
    del known[("multiple_sources_joined", "gone")]
    check(rule_multiple_sources_joined, project, known=known)
