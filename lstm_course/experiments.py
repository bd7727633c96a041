"""Experiments shared by lessons 02 and 04: how far back a gradient reaches, and accuracy by gap.

Introduced in notebooks/02_why_rnns_forget.ipynb (the RNN: Jacobian norms by lag, accuracy on
the context-switch task as the gap grows) and extended in notebooks/04_lstm_from_scratch.ipynb
(the same measurements for the LSTM, and its forget-gate bias initialisation).

Jacobians are of the last state with respect to the state `lag` steps earlier. For the RNN the
state is h (H,); for the LSTM it is the pair (h, c), (2H,), and one can ask for any block:

    RNN:   dh_T/dh_t = prod_{k=t+1..T} diag(1 - h_k^2) U^T
    LSTM:  d(h_T, c_T)/d(h_t, c_t) = prod_{k=t+1..T} A_k, where the c -> c block of A_k is
           diag(f_k): along the cell-state path the Jacobian is a product of forget gates.

(U is `recurrent_kernel`, so with row vectors h_k = tanh(... + h_{k-1} @ U) and the Jacobian
of h_k with respect to h_{k-1}, rows indexing h_k, is diag(1 - h_k^2) @ U.T.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lstm_course.data import held_out_sentences, one_hot, shared_sentences
from lstm_course.numpy_lstm import lstm_forward
from lstm_course.numpy_rnn import rnn_forward
from lstm_course.numpy_training import accuracy, init_classifier, train_classifier
from lstm_course.validation import as_float_array

BLOCKS = ("h", "c", "state")


def scale_to_spectral_radius(matrix: np.ndarray, radius: float) -> np.ndarray:
    """`matrix` (H, H) scaled so that its spectral radius (largest |eigenvalue|) is `radius`."""
    matrix = as_float_array("matrix (H, H)", matrix, 2)
    if matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"matrix must be square (H, H), got {matrix.shape}")
    if radius <= 0:
        raise ValueError(f"radius must be positive, got {radius}")
    current = np.max(np.abs(np.linalg.eigvals(matrix)))
    if current == 0:
        raise ValueError("matrix has spectral radius 0 (nilpotent): it cannot be rescaled")
    return matrix * (radius / current)


def chrono_forget_bias(units: int, max_lag: int, seed: int = 0) -> np.ndarray:
    """Chrono initialisation of the forget-gate bias (Tallec & Ollivier 2018), shape (units,).

    b_f = log(u) with u ~ Uniform[1, max_lag - 1], so that 1 / (1 - sigmoid(b_f)) ~ 1 + u: each
    unit starts with a memory time scale between about 2 and `max_lag` steps. The input gate's
    bias is set to -b_f (see `lstm_bias`).
    """
    if units < 1:
        raise ValueError(f"units must be >= 1, got {units}")
    if max_lag < 3:
        raise ValueError(f"max_lag must be >= 3 steps, got {max_lag}")
    rng = np.random.default_rng(seed)
    return np.log(rng.uniform(1.0, max_lag - 1.0, units))


def lstm_bias(units: int, forget_bias: float | np.ndarray | str = 1.0, max_lag: int = 0, seed=0):
    """LSTM bias (4H,) in Keras's gate order (i, f, c, o), zeros except the forget gate's.

    `forget_bias`: a number (1.0 is Keras's `unit_forget_bias`), an array (units,), or
    "chrono" for `chrono_forget_bias(units, max_lag, seed)`, which also sets the input gate's
    bias to minus the forget gate's.
    """
    bias = np.zeros(4 * units)
    if isinstance(forget_bias, str):
        if forget_bias != "chrono":
            raise ValueError(
                f"forget_bias must be a number, an array or 'chrono', got {forget_bias!r}"
            )
        b_f = chrono_forget_bias(units, max_lag, seed)
        bias[:units] = -b_f
    else:
        b_f = np.broadcast_to(np.asarray(forget_bias, dtype=np.float64), (units,))
    bias[units : 2 * units] = b_f
    return bias


def _rnn_step_jacobians(params: dict, x: np.ndarray):
    """Yield, for k = T-1 down to 1, the (batch, H, H) Jacobian dh_k/dh_{k-1}."""
    hs = rnn_forward(x, params)[0]
    u_t = params["recurrent_kernel"].T
    for k in range(hs.shape[1] - 1, 0, -1):
        yield (1.0 - hs[:, k] ** 2)[:, :, None] * u_t


def _lstm_step_jacobians(params: dict, x: np.ndarray):
    """Yield, for k = T-1 down to 1, the (batch, 2H, 2H) Jacobian of (h_k, c_k) with respect
    to (h_{k-1}, c_{k-1})."""
    hs, _, cache = lstm_forward(x, params)
    cs, gates = cache["cs"], cache["gates"]
    units = hs.shape[2]
    diag = np.arange(units)
    u_i, u_f, u_g, u_o = (blk.T for blk in np.split(params["recurrent_kernel"], 4, axis=1))
    for k in range(hs.shape[1] - 1, 0, -1):
        i, f, g, o = np.split(gates[:, k], 4, axis=1)
        tanh_c = np.tanh(cs[:, k])
        c_prev = cs[:, k - 1]
        dc_dh = (
            (c_prev * f * (1 - f))[:, :, None] * u_f
            + (g * i * (1 - i))[:, :, None] * u_i
            + (i * (1 - g**2))[:, :, None] * u_g
        )
        dh_dc_now = o * (1 - tanh_c**2)  # dh_k/dc_k, diagonal
        a = np.zeros((hs.shape[0], 2 * units, 2 * units))
        a[:, :units, :units] = (tanh_c * o * (1 - o))[:, :, None] * u_o
        a[:, :units, :units] += dh_dc_now[:, :, None] * dc_dh  # h_k = o_k * tanh(c_k)
        a[:, diag, units + diag] = dh_dc_now * f
        a[:, units:, :units] = dc_dh
        a[:, units + diag, units + diag] = f  # the cell-state path: diag(f_k)
        yield a


def state_jacobians(cell: str, params: dict, x: np.ndarray) -> np.ndarray:
    """Jacobians of the last state with respect to the state at every lag.

    Args:
        cell: "rnn" or "lstm".
        params: the cell's params {"kernel", "recurrent_kernel", "bias"} (extra keys ignored).
        x: (batch, time, D) inputs; the network starts from zero states.

    Returns:
        (batch, time, S, S) array J with J[:, lag] = d s_T / d s_{T-lag} (J[:, 0] is the
        identity), where s = h (S = H) for the RNN and s = (h, c) (S = 2H) for the LSTM.
    """
    steppers = {"rnn": _rnn_step_jacobians, "lstm": _lstm_step_jacobians}
    if cell not in steppers:
        raise ValueError(f"cell must be one of {sorted(steppers)}, got {cell!r}")
    x = as_float_array("x (batch, time, features)", x, 3)
    cell_params = {k: params[k] for k in ("kernel", "recurrent_kernel", "bias")}
    size = params["recurrent_kernel"].shape[0] * (2 if cell == "lstm" else 1)
    batch, steps, _ = x.shape
    out = np.empty((batch, steps, size, size))
    out[:, 0] = np.eye(size)
    for lag, step in enumerate(steppers[cell](cell_params, x), start=1):
        out[:, lag] = out[:, lag - 1] @ step
    return out


def state_jacobian_norms(
    cell: str, params: dict, x: np.ndarray, of: str = "h", wrt: str = "h"
) -> np.ndarray:
    """Spectral norms (batch, time) of a block of `state_jacobians`, by lag.

    norms[:, lag] = || d of_T / d wrt_{T-lag} ||_2, the largest factor by which a perturbation
    of `wrt` at step T-lag can grow by step T. `of` and `wrt` are "h", "c" or "state" ((h, c));
    the RNN has only "h". For the LSTM, "h" with respect to "h" holds c_t fixed, and so on.
    """
    for name, value in (("of", of), ("wrt", wrt)):
        if value not in BLOCKS:
            raise ValueError(f"{name} must be one of {BLOCKS}, got {value!r}")
        if cell == "rnn" and value != "h":
            raise ValueError(f"an RNN's only state is h, got {name}={value!r}")
    jac = state_jacobians(cell, params, x)
    units = params["recurrent_kernel"].shape[0]
    rows = {"h": slice(0, units), "c": slice(units, 2 * units), "state": slice(None)}
    return np.linalg.norm(jac[:, :, rows[of], rows[wrt]], ord=2, axis=(-2, -1))


def fitted_slope(norms_by_lag: np.ndarray, start: int = 1) -> float:
    """Least-squares slope of log10(norm) against lag from lag `start` on (per step, in decades).

    `norms_by_lag` is (time,), e.g. a batch average of `state_jacobian_norms`.
    """
    norms_by_lag = np.asarray(norms_by_lag, dtype=np.float64)
    if norms_by_lag.ndim != 1 or norms_by_lag.size - start < 2:
        raise ValueError(
            f"need a 1-D array with at least {start + 2} lags, got {norms_by_lag.shape}"
        )
    if np.any(norms_by_lag[start:] <= 0):
        raise ValueError("norms must be positive to take their logarithm")
    lags = np.arange(start, norms_by_lag.size)
    return float(np.polyfit(lags, np.log10(norms_by_lag[start:]), 1)[0])


@dataclass
class GapResults:
    """Test accuracy (and training history) of one model per gap; `chance` = 1 / foods."""

    cell: str
    gaps: list[int]
    accuracy: list[float] = field(default_factory=list)
    losses: list[list[float]] = field(default_factory=list)
    params: list[dict] = field(default_factory=list)
    chance: float = 0.0


def accuracy_by_gap(
    cell: str,
    gaps: list[int],
    steps: int = 600,
    units: int = 32,
    n_train: int = 4000,
    n_test: int = 1000,
    forget_bias: float | str = 1.0,
    batch_size: int = 64,
    learning_rate: float = 1e-2,
    seed: int = 0,
    verbose: bool = True,
) -> GapResults:
    """Train one classifier per gap on context-switch sentences; test on held-out sentences.

    Every gap gets the same budget: `units`, `steps` of Adam(`learning_rate`) on mini-batches
    of `batch_size`, gradient clipping at 5, the init of `numpy_training.init_classifier`
    (orthogonal recurrent kernel). For the LSTM, `forget_bias` replaces the bias (see
    `lstm_bias`; "chrono" uses max_lag = the sentence length). Training sentences are
    `held_out_sentences(..., split="train")` with `seed`, test sentences `split="test"` with
    `seed + 1000`: their filler phrases never occur in training, so no test sentence does
    (checked). Every other seed (init, mini-batches, chrono bias) is `seed`.
    Prints one line per gap when `verbose`. See `accuracy_by_gap_over_seeds` for repeats.
    """
    if cell not in ("rnn", "lstm"):
        raise ValueError(f"cell must be 'rnn' or 'lstm', got {cell!r}")
    if not gaps or min(gaps) < 1:
        raise ValueError(f"gaps must be a non-empty list of filler counts >= 1, got {gaps}")
    results = GapResults(cell=cell, gaps=list(gaps))
    for gap in gaps:
        train = held_out_sentences(n_train, gap, seed, "train")
        test = held_out_sentences(n_test, gap, seed + 1000, "test")
        if shared_sentences(train, test):  # cannot happen with disjoint filler phrases
            raise AssertionError(f"gap {gap}: a test sentence occurs in training")
        depth = len(train.vocab)
        x, x_test = one_hot(train.x, depth), one_hot(test.x, depth)
        params = init_classifier(cell, depth, units, len(train.foods), seed=seed)
        if cell == "lstm":
            params["bias"] = lstm_bias(units, forget_bias, max_lag=x.shape[1], seed=seed)
        _, history = train_classifier(
            cell,
            x,
            train.y,
            units,
            len(train.foods),
            steps,
            batch_size,
            learning_rate,
            seed=seed,
            params=params,
        )
        acc = accuracy(cell, params, x_test, test.y)
        results.accuracy.append(acc)
        results.losses.append(history["loss"])
        results.params.append(params)
        results.chance = train.chance_accuracy
        if verbose:
            tail = float(np.mean(history["loss"][-50:]))
            print(
                f"{cell} seed {seed} gap {gap:3d}: train loss (last 50 steps) {tail:.3f}, "
                f"test accuracy {acc:.3f}"
            )
    return results


@dataclass
class SeedGapResults:
    """`accuracy_by_gap` repeated over seeds: one `GapResults` per seed in `runs`."""

    cell: str
    gaps: list[int]
    seeds: list[int]
    runs: list[GapResults]

    @property
    def accuracy(self) -> np.ndarray:
        """Test accuracy, (n_seeds, n_gaps): row k is seed `seeds[k]`."""
        return np.array([run.accuracy for run in self.runs], dtype=np.float64).reshape(
            len(self.seeds), len(self.gaps)
        )

    @property
    def chance(self) -> float:
        return self.runs[0].chance

    def final_losses(self, last: int = 50) -> np.ndarray:
        """Mean training loss over the `last` steps, (n_seeds, n_gaps)."""
        return np.array(
            [[float(np.mean(h[-last:])) for h in run.losses] for run in self.runs]
        ).reshape(len(self.seeds), len(self.gaps))


def accuracy_by_gap_over_seeds(cell: str, gaps: list[int], seeds: list[int], **kwargs):
    """`accuracy_by_gap(cell, gaps, seed=s, **kwargs)` for every s in `seeds` (e.g.
    `course_seeds(3)`): a `SeedGapResults` whose `accuracy` is (n_seeds, n_gaps)."""
    seeds = [int(s) for s in seeds]
    if not seeds or len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be a non-empty list of distinct seeds, got {seeds}")
    if "seed" in kwargs:
        raise ValueError("pass `seeds`, not `seed`")
    runs = [accuracy_by_gap(cell, gaps, seed=s, **kwargs) for s in seeds]
    return SeedGapResults(cell=cell, gaps=list(gaps), seeds=seeds, runs=runs)
