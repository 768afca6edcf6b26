"""The guided troubleshooter's flow (content/flow.yaml), by job:

    model.py    the data: Flow, Node (each text a kb.units.Unit) and the shared constants
    texts.py    reading one bilingual text and the sections made of texts
    load.py     flow.yaml → Flow, the shape of every node, answer and tool
    checks.py   the rules across the site, one function each (graph, articles, engine codes)
    export.py   Flow → the JSON the troubleshooter ships (troubleshooter/_data/flow.json)

    flow = load_flow("content/flow.yaml")          # shape: kinds, ids, texts in en and fr
    validate_flow(flow, article_ids)               # graph, article ids, engine error codes
    data = export_flow(flow, render, articles)     # JSON-ready, every text rendered

Every problem is a SourceError naming the file and the unit (`<node>/<unit>`), never a
traceback; all the problems found are reported together."""

from .checks import engine_error_codes, engine_events, flow_problems, read_flow, validate_flow
from .export import article_url, export_flow
from .load import load_flow, read_flow_data
from .model import FLOW_ERROR_CODES, HEADLINES, REQUIRED_RESULTS, Flow, Node

__all__ = ["FLOW_ERROR_CODES", "HEADLINES", "REQUIRED_RESULTS", "Flow", "Node", "article_url",
           "engine_error_codes", "engine_events", "export_flow", "flow_problems", "load_flow",
           "read_flow", "read_flow_data", "validate_flow"]
