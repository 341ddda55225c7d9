"""数据 Data: upload → validate (what each file would change) → confirm → load; withdraw
records; the load history; templates and dictionary."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, queries, state, ui, upload, views
from dashboard.i18n import kind_label, t
from etl.config import resolve_data_dir
from etl.errors import CoopError
from etl.keys import id_form
from etl.schema import KINDS

lang = state.lang()
session = auth.require_role("analyst", lang)
ui.page_header("data", lang)

OUTCOME_KEY = "data.outcome"
SIGNATURE_KEY = "data.signature"
UPLOADER_ROUND_KEY = "data.uploader.round"
ERROR_KEY = "data.error"
WITHDRAWN_KEY = "data.withdraw.outcome"
WITHDRAW_ROUND_KEY = "data.withdraw.round"


def show_report(outcome: upload.Outcome, key: str) -> None:
    """The summary, per file the counts, the records it replaces (field by field) and its
    problems; a replacement of a record's identity called out above them."""
    level, message = upload.summary(outcome, lang)
    {"success": st.success, "warning": st.warning, "error": st.error}[level](message)
    if outcome.mode != "delete":
        st.markdown(f"**{t('data.report', lang)}**")
        st.dataframe(upload.files_frame(outcome, lang), hide_index=True, width="stretch")
    reused = upload.identity_warnings(outcome, lang)
    if reused:
        st.warning(
            t("data.identity", lang, n=len(reused)) + "\n\n" + "\n".join(f"- {w}" for w in reused),
            icon=":material/warning:",
        )
    updates = upload.updates_frame(outcome, lang)
    if not updates.is_empty():
        st.markdown(f"**{t('data.updates', lang)}**")
        ui.table(
            updates,
            name=t("data.updates", lang),
            key=f"{key}.updates",
            language=lang,
            height=min(420, 38 + 35 * updates.height),
        )
    problems = upload.problems_frame(outcome, lang)
    if not problems.is_empty():
        ui.table(
            problems,
            name=t("data.report", lang),
            key=key,
            language=lang,
            height=min(420, 38 + 35 * problems.height),
        )


# ---- upload and validate
ui.section(f":material/upload_file: {t('data.upload', lang)}", t("data.upload.help", lang))
uploader_round = st.session_state.get(UPLOADER_ROUND_KEY, 0)
pick_files, pick_kind = st.columns([3, 1])
with pick_kind:
    kind_options: list[str | None] = [None, *KINDS]
    kind = st.selectbox(
        t("data.kind", lang),
        options=kind_options,
        format_func=lambda k: kind_label(k, lang) if k else t("data.kind.auto", lang),
        key="data.kind",
    )
with pick_files:
    files = st.file_uploader(
        t("data.upload", lang),
        type=["csv", "xlsx"],
        accept_multiple_files=True,
        key=f"data.uploader.{uploader_round}",
        label_visibility="collapsed",
    )

uploads = [upload.Upload(f.name, f.getvalue()) for f in files or []]
if uploads:
    sig = upload.signature(uploads, kind)
    if st.session_state.get(SIGNATURE_KEY) != sig:
        try:
            with st.spinner(t("data.validating", lang)):
                validated = upload.run(
                    uploads, data_dir=resolve_data_dir(), mode="validate", kind=kind
                )
            st.session_state[OUTCOME_KEY] = validated
        except CoopError as exc:
            st.session_state[OUTCOME_KEY] = None
            st.session_state[ERROR_KEY] = exc.message(lang)
        st.session_state[SIGNATURE_KEY] = sig
elif st.session_state.get(OUTCOME_KEY) and st.session_state[OUTCOME_KEY].mode == "validate":
    # The analyst removed the files: forget their report.
    st.session_state.pop(OUTCOME_KEY, None)
    st.session_state.pop(SIGNATURE_KEY, None)

failure = st.session_state.pop(ERROR_KEY, None)
if failure:
    st.error(t("data.failed", lang, message=failure), icon=":material/error:")
outcome: upload.Outcome | None = st.session_state.get(OUTCOME_KEY)
if outcome is not None:
    show_report(outcome, "report")
    changes_something = not all(f.is_unchanged for f in outcome.report.files)
    can_load = (
        outcome.mode == "validate"
        and outcome.status == "valid"
        and changes_something
        and bool(uploads)
    )
    if can_load and st.button(
        t("data.load", lang), type="primary", key="data.load", icon=":material/done_all:"
    ):
        try:
            with st.spinner(t("data.loading", lang)):
                loaded = upload.run(
                    uploads,
                    data_dir=resolve_data_dir(),
                    mode="load",
                    kind=kind,
                    user=session.name,
                )
            st.session_state[OUTCOME_KEY] = loaded
            st.session_state.pop(SIGNATURE_KEY, None)
            # A fresh uploader: the loaded files are done with.
            st.session_state[UPLOADER_ROUND_KEY] = uploader_round + 1
        except CoopError as exc:
            st.session_state[ERROR_KEY] = exc.message(lang)
        st.rerun()

# ---- withdraw records: what `coop delete` does, atomic and recorded with the reason
ui.section(f":material/delete: {t('data.withdraw', lang)}", t("data.withdraw.help", lang))
withdraw_round = st.session_state.get(WITHDRAW_ROUND_KEY, 0)  # a new round: an empty form
pick_kind, pick_ids = st.columns([1, 3])
with pick_kind:
    withdraw_kind = st.selectbox(
        t("data.kind", lang),
        options=list(KINDS),
        format_func=lambda k: kind_label(k, lang),
        key=f"data.withdraw.kind.{withdraw_round}",
    )
with pick_ids:
    withdraw_ids = st.text_input(
        t("data.withdraw.ids", lang),
        help=t("data.withdraw.ids.help", lang, form=id_form(KINDS[withdraw_kind])),
        key=f"data.withdraw.ids.{withdraw_round}",
    )
withdraw_reason = st.text_input(
    t("data.withdraw.reason", lang), key=f"data.withdraw.reason.{withdraw_round}"
)
confirmed = st.checkbox(
    t("data.withdraw.confirm", lang), key=f"data.withdraw.confirm.{withdraw_round}"
)
submitted = st.button(
    t("data.withdraw.button", lang), icon=":material/delete:", key="data.withdraw"
)
if submitted:
    if not confirmed:
        st.warning(t("data.withdraw.unconfirmed", lang))
    else:
        try:
            with st.spinner(t("data.withdrawing", lang)):
                st.session_state[WITHDRAWN_KEY] = upload.withdraw(
                    data_dir=resolve_data_dir(),
                    kind=withdraw_kind,
                    ids=withdraw_ids,
                    reason=withdraw_reason,
                    user=session.name,
                )
            if st.session_state[WITHDRAWN_KEY].status == "accepted":  # refused: keep the input
                st.session_state[WITHDRAW_ROUND_KEY] = withdraw_round + 1
                # Files waiting to be loaded are compared again, with what is stored now.
                st.session_state.pop(SIGNATURE_KEY, None)
        except CoopError as exc:
            st.session_state.pop(WITHDRAWN_KEY, None)
            st.error(t("data.failed", lang, message=exc.message(lang)), icon=":material/error:")
        else:
            st.rerun()
withdrawn: upload.Outcome | None = st.session_state.get(WITHDRAWN_KEY)
if withdrawn is not None:
    show_report(withdrawn, "withdrawn")

# ---- load history
ui.section(f":material/history: {t('data.history', lang)}")
status = queries.warehouse_status()
if status.state in ("missing", "unavailable"):
    ui.empty_warehouse(status, lang, link_to_data=False)
else:
    runs = queries.load_runs()
    if runs.is_empty():
        st.info(t("data.history.none", lang))
    else:
        ui.table(
            views.runs_table(runs, lang), name=t("data.history", lang), key="runs", language=lang
        )
        with st.expander(t("data.history.files", lang)):
            ui.table(
                views.load_files_table(queries.load_files(), lang),
                name=t("data.history.files", lang),
                key="load_files",
                language=lang,
            )

# ---- templates and the data dictionary
ui.section(f":material/description: {t('data.templates', lang)}", t("data.templates.caption", lang))
try:
    from etl import docs
except ImportError:
    st.info(t("data.docs.unavailable", lang))
else:
    with st.container(horizontal=True, gap="small"):
        for kind_name, spec in KINDS.items():
            st.download_button(
                kind_label(kind_name, lang),
                data=docs.template_csv(spec, lang),
                file_name=f"{kind_name}.csv",
                mime="text/csv",
                key=f"template.{kind_name}",
                icon=":material/download:",
                on_click="ignore",
            )
    dictionary = docs.data_dictionary_markdown(lang)
    st.download_button(
        t("data.dictionary.download", lang, language="中文" if lang == "zh" else "English"),
        data=dictionary.encode("utf-8"),
        file_name=f"data-dictionary-{lang}.md",
        mime="text/markdown",
        key="dictionary",
        icon=":material/menu_book:",
        on_click="ignore",
    )
    with st.expander(t("data.dictionary", lang)):
        st.markdown(dictionary)
