"""The plan stage: from scored answers to dated strength sessions.

answers (model, questionnaire) -> judgement (rules, scoring, findings) -> plan (this
package) -> outputs (charts, exports, CLI). `planner.make_plan` is the entry point; the
parts are the exercise library and phase table (library), the season's phases (season),
the runner's answers resolved (plan_context), exercise choice and doses (sessions), which
days (placement) and the plan's data (plan_model).
"""
