"""Lesson 01's unrolled RNN: labelled forward and backward, each part highlighted on its own."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from diagram_checks import highlighted

from lstm_course.diagrams.bptt import BPTT_PARTS, draw_unrolled_rnn
from lstm_course.diagrams.painter import DIM_ALPHA, artists_of


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def _highlighted(ax) -> frozenset[int]:
    return frozenset(i for i, a in enumerate(list(ax.patches) + list(ax.texts)) if highlighted(a))


def test_forward_row_names_inputs_states_shared_weights_and_the_loss():
    ax = draw_unrolled_rnn(steps=4, backward=False)
    ax.figure.canvas.draw()
    labels = _texts(ax)
    for name in (r"$x_{1}$", r"$x_{3}$", r"$x_{T}$", r"$h_0$", r"$h_{1}$", r"$h_{3}$", r"$h_T$"):
        assert name in labels, name
    assert labels.count("tanh") == 4  # one layer per step
    for weight in (r"$W$", r"$U$", r"$b$"):
        assert labels.count(weight) == 4, weight  # the same weights at every step
    assert r"$L$" in labels
    assert not artists_of(ax, "backward") and not any(highlighted(a) for a in ax.patches)


def test_backward_row_carries_the_gradient_through_tanh_and_u_transposed():
    ax = draw_unrolled_rnn(steps=5)
    ax.figure.canvas.draw()
    labels = _texts(ax)
    assert labels.count(r"$U^\top$") == 5
    assert r"$\partial L/\partial h_T$" in labels and r"$\partial L/\partial h_0$" in labels
    assert r"$\odot\,(1-h_{T}^2)$" in labels and r"$\odot\,(1-h_{1}^2)$" in labels
    assert sum(t == "+" for t in labels) == 5  # every step adds to the weight gradients
    assert any(r"\sum_t x_t^\top dz_t" in t for t in labels)
    gradients = artists_of(ax, "backward")
    assert gradients and all(
        highlighted(a) for a in gradients if a in ax.patches
    )  # in the highlight
    chain = artists_of(ax, "chain")
    assert chain and all(a.get_alpha() == pytest.approx(DIM_ALPHA) for a in chain)


@pytest.mark.parametrize("part", BPTT_PARTS)
def test_each_part_is_highlighted_alone(part):
    ax = draw_unrolled_rnn(highlight=part)
    mine = artists_of(ax, part)
    assert mine and all(highlighted(a) for a in mine if a in ax.patches)
    others = [a for a in ax.patches if a not in mine]
    assert others and not any(highlighted(a) for a in others)


def test_highlighted_parts_differ():
    marked = {part: _highlighted(draw_unrolled_rnn(highlight=part)) for part in BPTT_PARTS}
    assert len(set(marked.values())) == len(BPTT_PARTS)
    assert all(marked.values())
    plain = _highlighted(draw_unrolled_rnn())
    assert plain == marked["state_gradient"] | marked["weight_gradients"]


@pytest.mark.parametrize("bad", ["gradient", "Forward", "", "backward"])
def test_unknown_part_raises_and_lists_valid_names(bad):
    with pytest.raises(ValueError, match="valid names") as info:
        draw_unrolled_rnn(highlight=bad)
    for name in BPTT_PARTS:
        assert name in str(info.value)


@pytest.mark.parametrize("steps", [1, 9, 2.0])
def test_bad_number_of_steps_raises(steps):
    with pytest.raises(ValueError, match="steps must be an int from 2 to 8"):
        draw_unrolled_rnn(steps=steps)


def test_draws_into_a_given_axes():
    fig, axes = plt.subplots(1, 2, figsize=(10, 3))
    assert draw_unrolled_rnn(steps=3, ax=axes[1]) is axes[1]
    assert len(fig.axes) == 2 and not axes[0].texts
