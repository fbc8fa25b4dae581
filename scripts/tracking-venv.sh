#!/usr/bin/env bash
# The trackers the tests check finetune's logs with, as users run them: TensorBoard 2.21 (its
# own event reader) and MLflow 3.17.2 (a real tracking server with a SQLite store, and its
# client). MLflow 3.18.0's mlflow-tracing dependency is not served, so 3.17.2 is pinned.
# About 900 MB (MLflow's server pulls pandas, pyarrow, scikit-learn); once per machine, in
#   ${FINETUNE_TRACKING_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/finetune/tracking-venv}
# Run by `make deps`; finetune itself never needs it. Prints the venv's folder on the last line.
set -euo pipefail

venv="${FINETUNE_TRACKING_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/finetune/tracking-venv}"
pins=(tensorboard==2.21.0 mlflow==3.17.2)
check='import tensorboard, mlflow
assert tensorboard.__version__ == "2.21.0", tensorboard.__version__
assert mlflow.__version__ == "3.17.2", mlflow.__version__'

python="$venv/bin/python"
if ! { [ -x "$python" ] && "$python" -c "$check" >/dev/null 2>&1; }; then
  echo "tracking venv: installing ${pins[*]} into $venv (about 900 MB, once per machine)" >&2
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
  "$python" -m pip install --quiet --disable-pip-version-check "${pins[@]}" >&2
  "$python" -c "$check" >&2 || { echo "error: $venv cannot import its pinned packages" >&2; exit 1; }
fi
echo "$venv"
