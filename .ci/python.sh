#!/usr/bin/env bash
# The Python package (python/) and the Spark job (examples/spark_pipe.py), issue 23.
#
#   .ci/python.sh    builds the wheel with maturin into target/wheels, installs it into the
#                    virtualenv target/py-venv (made when missing, with the pinned tools
#                    below), runs the package's pytest suite against the kg binary
#                    ($KG_BIN, default target/debug/kg), then .ci/spark.sh
#
# Needs python3 with venv, and Java for Spark (.ci/run installs Debian's
# default-jre-headless when `java` is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

# The versions the package and the Spark job were tested with (README.md, "Python").
PINS=(maturin==1.16.0 pytest==9.2.0 rdflib==7.6.0 pyspark==4.3.0 mypy==2.4.1)
VENV=target/py-venv
export KG_BIN=${KG_BIN:-$PWD/target/debug/kg}

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q --disable-pip-version-check "${PINS[@]}"

[ -x "$KG_BIN" ] || cargo build --bin kg

# The wheel: built from python/ (its own cargo workspace and target directory, python/target),
# after the lints every commit keeps.
export PYO3_PYTHON=$PWD/$VENV/bin/python
(cd python && cargo clippy --release --all-targets -- -D warnings)
# The package's annotations and the native module's stubs (kg/_kg.pyi) agree.
"$VENV/bin/python" -m mypy --strict --no-error-summary python/kg
rm -rf target/wheels
(cd python && ../"$VENV"/bin/maturin build --release --quiet -i "$PYO3_PYTHON" -o ../target/wheels)
"$VENV/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/kg-*.whl

# Run from outside python/ so that the installed wheel is tested, not the source folder.
(cd target && "$PWD/py-venv/bin/python" -m pytest -q -p no:cacheprovider ../python/tests)

bash .ci/spark.sh
