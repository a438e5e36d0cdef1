"""Runs a note's %pyspark paragraphs as Zeppelin's PySpark interpreter would (NotebookRunTest calls this): one Python
namespace for the note, with Zeppelin's bindings `spark`, `sc` and `z` (a stand-in: `z.textbox` returns the test's
small value for the form, `z.show(df)` prints a %table result as Zeppelin does and records its columns), the
paragraphs in order, each one's output captured. Stops at the first paragraph that raises.

  python run_pyspark_note.py PARAGRAPHS.json FORMS.json RESULTS.json

PARAGRAPHS.json: [{"label": ..., "body": ...}]; RESULTS.json: [{"label", "ok", "seconds", "output", "shown":
[{"columns": [...], "rows": n}]}]. Needs SPARKGLM_JAR (sparkglm's one jar) and SPARKGLM_JVM_FLAGS.
"""

import contextlib
import io
import json
import os
import sys
import time
import traceback

MAX_RESULT = 1000  # Zeppelin's default zeppelin.spark.maxResult


class ZeppelinStandIn:
    def __init__(self, forms, out):
        self._forms = forms
        self._out = out
        self.shown = []

    def textbox(self, name, defaultValue=""):
        if name not in self._forms:
            raise ValueError('z.textbox("%s", "%s"): the notebook test has no small value for form "%s"; add one to '
                             "NotebookRunTest.FORMS" % (name, defaultValue, name))
        return self._forms[name]

    def show(self, df, maxResult=MAX_RESULT):
        rows = df.limit(maxResult).collect()
        lines = ["%table " + "\t".join(df.columns)]
        for r in rows:
            lines.append("\t".join(str(v).replace("\t", " ").replace("\n", " ") for v in r))
        self._out().write("\n".join(lines) + "\n")
        self.shown.append({"columns": list(df.columns), "rows": len(rows)})


def main(paragraphs_path, forms_path, results_path):
    from pyspark.sql import SparkSession

    with open(paragraphs_path) as f:
        paragraphs = json.load(f)
    with open(forms_path) as f:
        forms = json.load(f)
    flags = os.environ.get("SPARKGLM_JVM_FLAGS", "")
    spark = (SparkSession.builder.master("local[2]").appName("sparkglm pyspark notebook")
             .config("spark.jars", os.environ["SPARKGLM_JAR"])
             .config("spark.driver.extraJavaOptions", flags)
             .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    spark.sparkContext.setLogLevel("WARN")
    current = {"out": sys.stdout}
    z = ZeppelinStandIn(forms, lambda: current["out"])
    namespace = {"__name__": "__zeppelin__", "spark": spark, "sc": spark.sparkContext, "z": z}
    results = []
    try:
        for p in paragraphs:
            buffer = io.StringIO()
            current["out"] = buffer
            z.shown = []
            t0 = time.time()
            ok = True
            with contextlib.redirect_stdout(buffer):
                try:
                    exec(compile(p["body"], p["label"], "exec"), namespace)
                except Exception:
                    ok = False
                    traceback.print_exc(file=buffer)
            results.append({"label": p["label"], "ok": ok, "seconds": time.time() - t0,
                            "output": buffer.getvalue(), "shown": z.shown})
            if not ok:
                break
    finally:
        spark.stop()
        with open(results_path, "w") as f:
            json.dump(results, f)


if __name__ == "__main__":
    main(*sys.argv[1:4])
