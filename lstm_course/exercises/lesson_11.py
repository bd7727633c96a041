"""Lesson 11: the check of exercise 11.1 (one decoding step of causal attention with a key/value
cache).

11.1: `attention_step(x_t, t, k_cache, v_cache, w_q, w_k, w_v)` -> (out_t, k_cache, v_cache):
x_t (batch, D), caches (batch, T_max, d) whose slots 0..t-1 hold the earlier steps, weights
(D, d). Write k_t = x_t w_k and v_t = x_t w_v into slot t, score q_t = x_t w_q against the keys of
positions 0..t, divide by sqrt(d), softmax over those positions, weighted sum of their values.
The reference is `lstm_course.numpy_nets.attention.attention_step`. The check runs one step from a
cache holding three earlier steps (output, then both caches), then the learner's step over a whole
sequence from empty caches against full causal attention (`causal_attention`).
"""

from __future__ import annotations

import numpy as np

from lstm_course.exercises.engine import (
    Hint,
    Mistake,
    NotAttempted,
    call,
    compare,
    exercise,
    rng,
    same,
)
from lstm_course.numpy_nets.attention import attention_step, causal_attention, empty_cache
from lstm_course.numpy_nets.training import softmax

TRIPLE = "return the triple (out_t, k_cache, v_cache)"
NO_SCALE = "divide the scores q . k_j by sqrt(d) (d = the key size, w_q.shape[1])"
BY_D = "divide the scores by sqrt(d), not by d"
AXIS = (
    "softmax over the cached positions (the last axis of the (batch, positions) scores), "
    "not over the batch"
)
CURRENT_ONLY = (
    "attend to every position so far, not only to this step: the keys and values of steps "
    "0..t are in the cache (yours returned v_t)"
)
NOT_WRITTEN = (
    "write this step's key and value into slot t of the caches (k_cache[:, t] = x_t @ w_k, "
    "and the value) before attending: slot t is still empty in yours"
)
PAST_ONLY = (
    "attend to positions 0..t, this step included: k_cache[:, : t + 1] (yours stop at t - 1, "
    "an off-by-one)"
)
FUTURE = (
    "attend to positions 0..t only: the slots after t are not filled yet (they are the future), "
    "slice the caches [:, : t + 1]"
)
KEYS_AS_VALUES = "the weighted sum is over the values v_j (v_cache), not the keys"
UNUPDATED = (
    "return the caches with this step's key and value written into slot t: the next step "
    "must see them (yours returned the caches unchanged)"
)

RIGHT = {"scale": "sqrt", "axis": -1, "keys": "cache", "write": True, "stop": 1, "sum_of": "v"}
RIGHT |= {"return_new": True}


def step_variant(**changes):
    """attention_step, or, with one entry of `RIGHT` changed, a realistic wrong version."""
    w = {**RIGHT, **changes}

    def step(x_t, t, k_cache, v_cache, w_q, w_k, w_v):
        d = w_q.shape[1]
        k_t, v_t = x_t @ w_k, x_t @ w_v
        new_k, new_v = k_cache.copy(), v_cache.copy()
        if w["write"]:
            new_k[:, t], new_v[:, t] = k_t, v_t
        stop = None if w["stop"] is None else t + w["stop"]
        keys, values = new_k[:, :stop], new_v[:, :stop]
        if w["keys"] == "current":
            keys, values = k_t[:, None], v_t[:, None]
        scores = np.einsum("bd,bjd->bj", x_t @ w_q, keys)
        scores = scores / {"sqrt": np.sqrt(d), "none": 1.0, "d": d}[w["scale"]]
        weights = softmax(scores, axis=w["axis"])
        out_t = np.einsum("bj,bjd->bd", weights, values if w["sum_of"] == "v" else keys)
        if w["return_new"]:
            return out_t, new_k, new_v
        return out_t, k_cache, v_cache

    return step


STEP_MISTAKES = (
    Mistake(TRIPLE, lambda *args: attention_step(*args)[0], False),
    Mistake(NO_SCALE, step_variant(scale="none")),
    Mistake(BY_D, step_variant(scale="d")),
    Mistake(AXIS, step_variant(axis=0)),
    Mistake(CURRENT_ONLY, step_variant(keys="current")),
    Mistake(NOT_WRITTEN, step_variant(write=False)),
    Mistake(PAST_ONLY, step_variant(stop=0)),
    Mistake(FUTURE, step_variant(stop=None)),
    Mistake(KEYS_AS_VALUES, step_variant(sum_of="k")),
    Mistake(UNUPDATED, step_variant(return_new=False)),
)

BATCH, T_MAX, D_IN, D_KEY, T_CHECK = 3, 7, 5, 4, 3


def _inputs():
    """Fixed x (batch, T_MAX, D_IN), weights (D_IN, D_KEY), and caches holding steps 0..2."""
    r = rng()
    x = r.normal(size=(BATCH, T_MAX, D_IN))
    weights = tuple(r.normal(0, 0.6, (D_IN, D_KEY)) for _ in range(3))
    k_cache, v_cache = empty_cache(BATCH, T_MAX, D_KEY)
    for t in range(T_CHECK):
        _, k_cache, v_cache = attention_step(x[:, t], t, k_cache, v_cache, *weights)
    return x, weights, k_cache, v_cache


def _triple(got):
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise Hint(TRIPLE)
    if any(v is None for v in got):
        raise NotAttempted
    return got


@exercise("11.1", "one attention step with a key/value cache", attention_step, STEP_MISTAKES)
def check_attention_step(answer, ex):
    x, weights, k_cache, v_cache = _inputs()
    args = (x[:, T_CHECK], T_CHECK, k_cache, v_cache, *weights)
    got = _triple(call(answer, *args))
    want = ex.reference(*args)
    wrong = ex.wrong_outputs(*args)
    compare(got[0], want[0], "out_t (batch, d)", [(hint, v[0]) for hint, v in wrong])
    for pos, name in ((1, "the returned k_cache"), (2, "the returned v_cache")):
        # out_t is right: only the mistakes whose out_t is right too can explain the cache
        right_out = [(hint, v[pos]) for hint, v in wrong if same(v[0], want[0])]
        compare(got[pos], want[pos], name, right_out)
    # the learner's step over a whole sequence, from empty caches, against full attention
    k_cache, v_cache = empty_cache(BATCH, T_MAX, D_KEY)
    outs = []
    for t in range(T_MAX):
        out_t, k_cache, v_cache = _triple(call(answer, x[:, t], t, k_cache, v_cache, *weights))
        outs.append(np.asarray(out_t, dtype=float))
    compare(np.stack(outs, axis=1), causal_attention(x, *weights), "the outputs of every step")
