"""The evaluation report as plain text (what `triage evaluate` and `make eval` print)."""


def _per_class_lines(per_class: dict, indent: str = "  ") -> list[str]:
    return [f"{indent}{label:<13} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  "
            f"n={m['support']}" for label, m in per_class.items()]


def _confusion_lines(confusion: dict) -> list[str]:
    labels = confusion["labels"]
    short = [label[:7] for label in labels]
    lines = ["confusion (rows: true, columns: predicted)",
             " " * 14 + " ".join(f"{name:>7}" for name in short)]
    for label, row in zip(labels, confusion["rows_true_columns_predicted"], strict=True):
        lines.append(f"  {label:<12}" + " ".join(f"{count:>7}" for count in row))
    return lines


def _calibration_lines(calibration: dict) -> list[str]:
    lines = [f"calibration: expected calibration error {calibration['ece']:.4f}",
             "  confidence    rows  mean conf  accuracy"]
    lines += [f"  {b['from']:.1f}-{b['to']:.1f}  {b['rows']:>8}  {b['mean_confidence']:>9.3f}  "
              f"{b['accuracy']:>8.3f}" for b in calibration["bins"]]
    return lines


def _source_lines(per_source: dict, title: str) -> list[str]:
    lines = [title]
    for source, m in per_source.items():
        classes = ", ".join(f"{label} {c['f1']:.2f}" for label, c in m.get("per_class", {}).items())
        lines.append(f"  {source:<16} macro-F1 {m['macro_f1']:.3f}  n={m['rows']:<6} {classes}")
        figures = [f"{name} {t.get('f1', t.get('macro_f1')):.2f}" for name, t in m.get("tasks", {}).items()]
        if figures:
            lines.append(f"  {'':<16} tasks: {', '.join(figures)}")
    return lines


def _task_lines(tasks: dict) -> list[str]:
    lines = ["the desk's tasks"]
    for name, m in tasks.items():
        figure = f"F1 {m['f1']:.3f}" if "f1" in m else f"macro-F1 {m['macro_f1']:.3f}"
        lines.append(f"  {name:<26} {figure}  n={m['rows']}")
    return lines


def _account_lines(card: dict) -> list[str]:
    test = card["metrics"]["test"]
    lines = [f"account model {card['version']} (its card; held-out accounts, threshold "
             f"{card['thresholds']['fake_at_or_above']}): fake-account F1 {test['all_fields']['f1']:.3f}"]
    lines += [f"  {name:<14} F1 {m['f1']:.3f}  n={m['rows']}" for name, m in test.items()
              if name not in ("all_fields", "per_source")]
    lines += [f"  source {source:<8} F1 {m['f1']:.3f}  n={m['rows']}"
              for source, m in test.get("per_source", {}).items()]
    return lines


def evaluation_text(result: dict, data_name: str, card: dict | None = None,
                    account_card: dict | None = None) -> str:
    """The whole report. Leave-one-source-out needs refits, so it comes from the model card."""
    lines = []
    out_of_source = (card or {}).get("metrics", {}).get("leave_one_source_out")
    if out_of_source:
        lines += _source_lines(out_of_source, "leave-one-source-out, the headline (model card: fit without "
                                              "the corpus, scored on all its rows; each source on the labels "
                                              "it annotates)")
    lines += [f"model {result['model_version']} on {data_name}: macro-F1 {result['macro_f1']:.4f}, "
              f"accuracy {result['accuracy']:.4f}, {result['rows']} rows", "per class"]
    lines += _per_class_lines(result["per_class"])
    if result.get("curated_sources_only"):
        curated = result["curated_sources_only"]
        lines.append(f"rows labelled with all six labels (written and labelled here): macro-F1 "
                     f"{curated['macro_f1']:.4f} over {curated['rows']} rows")
    if result.get("per_source"):
        lines += _source_lines(result["per_source"], "per source (macro-F1 over the source's own labels)")
    lines += _task_lines(result["tasks"]) + _confusion_lines(result["confusion"])
    lines += _calibration_lines(result["calibration"])
    out_of_source = (card or {}).get("metrics", {}).get("leave_one_source_out")
    if out_of_source:
        lines += _source_lines(out_of_source, "leave-one-source-out (model card: fit without the source, "
                                              "scored on all its rows)")
    if account_card:
        lines += _account_lines(account_card)
    return "\n".join(lines)
