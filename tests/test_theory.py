"""The library behind Beyond the basics: mean-field map, LSUV, Jacobian study, explorer grid and page."""

from __future__ import annotations

import json
import math
import re
from html import unescape

import numpy as np
import pytest
from scipy import integrate, stats

import initlab
from initlab.plots import explorer_html
from initlab.plots.style import _sig
from initlab.studies import explorer_grid, jacobian_spectrum, tanh_mean_field


def _quad(f, q: float) -> float:
    g = lambda z: f(np.array(math.sqrt(q) * z)) * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)  # noqa: E731
    return sum(integrate.quad(g, a, b, epsabs=0, epsrel=1e-13, limit=500)[0] for a, b in ((-np.inf, 0), (0, np.inf)))


@pytest.mark.parametrize("name", ["tanh", "sigmoid", "relu", "selu", "gelu", "softplus", "mish", "silu"])
@pytest.mark.parametrize("q", [1e-4, 0.1, 1.0, 25 / 9, 16.0, 100.0, 1e4])
def test_gaussian_expectation_matches_quad_for_large_and_small_q(name, q):
    f = initlab.get_activation(name).f
    expected = _quad(lambda u: f(u) ** 2, q)
    assert initlab.gaussian_expectation(lambda u: f(u) ** 2, q) == pytest.approx(expected, rel=1e-12)


def test_gauss_hermite_drifts_where_the_new_rule_does_not():
    # the reason variance_map does not use second_moment: at q = 16 Gauss-Hermite is ~1.7e-4 off
    exact = _quad(lambda u: np.tanh(u) ** 2, 16.0)
    assert abs(initlab.second_moment("tanh", 16.0) / exact - 1) > 1e-4
    assert initlab.variance_map("tanh", 16.0) == pytest.approx(exact, rel=1e-13)


def test_variance_map_fixed_point_and_chi_for_tanh():
    w2 = (5 / 3) ** 2
    q = initlab.variance_fixed_point("tanh", w2)
    assert initlab.variance_map("tanh", q, w2) == pytest.approx(q, abs=1e-11)
    assert q == pytest.approx(1.17848, abs=1e-5)
    assert initlab.mean_field_chi("tanh", q, w2) == pytest.approx(1.2098, abs=1e-4)
    assert initlab.variance_map("relu", 3.0, weight_var=2.0) == pytest.approx(3.0, rel=1e-13)
    assert initlab.variance_map("tanh", 0.5, 1.0, bias_var=0.2) == pytest.approx(
        _quad(lambda u: np.tanh(u) ** 2, 0.5) + 0.2
    )


def test_critical_tanh_does_not_settle_and_decays_like_one_over_sqrt_2l():
    with pytest.raises(ValueError, match="did not settle"):
        initlab.variance_fixed_point("tanh", 1.0, max_iter=500)
    mf = tanh_mean_field((1.0,), depth=1000)
    l = mf.layers
    ratio = np.sqrt(mf.trajectory[0]) * np.sqrt(2 * l)
    assert abs(ratio[-1] - 1) < 3e-3 and abs(ratio[99] - 1) < 2e-2  # log corrections fade slowly


def test_first_layer_saturation_with_gain_five_thirds_is_about_a_fifth():
    mf = tanh_mean_field((5 / 3,), depth=10)
    expected = 2 * stats.norm.sf(math.atanh(0.97) / (5 / 3))
    assert mf.saturated[0, 0] == pytest.approx(expected, rel=1e-12)  # 0.2093: about a fifth
    scheme = initlab.Scheme("g53", "gain 5/3", "normal", scale=25 / 9, mode="fan_in")
    sweep = initlab.studies.depth_sweep([scheme], "tanh", depth=3, width=256, n_samples=500)
    n = 256 * 500
    assert abs(sweep.saturated[0, 0] - expected) < 5 * math.sqrt(expected * (1 - expected) / n) + 0.01


@pytest.mark.parametrize(
    "call, exc, message",
    [
        (lambda: initlab.variance_map("tanh", -1.0), ValueError, "q must be"),
        (lambda: initlab.variance_map("tanh", 1.0, weight_var=0.0), ValueError, "weight_var"),
        (lambda: initlab.variance_map("nope", 1.0), ValueError, "activation must be one of"),
        (lambda: initlab.mean_field_chi(np.tanh, 1.0), TypeError, "derivative"),
        (lambda: initlab.gaussian_expectation(lambda u: u[:1], 1.0), ValueError, "same shape"),
        (lambda: initlab.gaussian_expectation(3.0, 1.0), TypeError, "f must be"),
    ],
)
def test_mean_field_errors_name_the_argument(call, exc, message):
    with pytest.raises(exc, match=message):
        call()


# ----------------------------------------------------------------------------- LSUV


def _net(activation="tanh", depth=6, width=32, seed=0):
    return initlab.mlp([width] + [width] * depth + [4], "he_normal", activation, "softmax", rng=seed)


def test_lsuv_reaches_unit_variance_in_every_layer_and_leaves_the_input_net_alone():
    net = _net("gelu")
    before = [w.copy() for w in net.weights]
    X = np.random.default_rng(1).normal(2.0, 3.0, (256, 32))
    out = initlab.lsuv(net, X, tol=0.05)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights))
    assert out.converged.all() and np.all(np.abs(out.variances - 1) < 0.05)
    # measure independently with the net's own forward pass
    _, trace = out.net.forward(X, trace=True)
    assert np.allclose([z.var() for z in trace.z], out.variances)
    assert out.iterations.dtype.kind == "i" and out.iterations.shape == (len(net.weights),)


def test_lsuv_starts_orthogonal_and_only_rescales():
    net = _net()
    X = np.random.default_rng(1).standard_normal((200, 32))
    out = initlab.lsuv(net, X)
    for W in out.net.weights[:-1]:
        s = np.linalg.svd(W, compute_uv=False)
        assert np.allclose(s, s[0])  # an orthogonal matrix times a scale


def test_lsuv_mini_batches_and_max_iter():
    net = _net("gelu", depth=10)
    X = np.random.default_rng(1).standard_normal((300, 32))
    out = initlab.lsuv(net, X, batch_size=16, tol=0.01, max_iter=2, rng=3)
    assert np.all(out.iterations <= 2)
    assert not out.converged.all()  # so noisy a batch cannot hit 1% in two steps everywhere


@pytest.mark.parametrize(
    "kwargs, exc, message",
    [
        ({"tol": 0.0}, ValueError, "tol"),
        ({"tol": 1.5}, ValueError, "tol must be in"),
        ({"max_iter": 0}, ValueError, "max_iter"),
        ({"batch_size": 1}, ValueError, "batch_size"),
        ({"batch_size": 10_000}, ValueError, "batch_size must be at most"),
        ({"orthogonal_start": 1}, TypeError, "orthogonal_start"),
    ],
)
def test_lsuv_validates_arguments(kwargs, exc, message):
    X = np.zeros((20, 32)) + np.arange(32)
    with pytest.raises(exc, match=message):
        initlab.lsuv(_net(), X, **kwargs)


def test_lsuv_rejects_non_nets_and_dead_layers():
    with pytest.raises(TypeError, match="net must be"):
        initlab.lsuv([np.eye(2)], np.eye(2))
    with pytest.raises(ValueError, match="nothing to rescale"):
        initlab.lsuv(_net(), np.zeros((20, 32)))


# ----------------------------------------------------------------------------- Jacobian, explorer


def test_jacobian_spectrum_gaussian_spreads_orthogonal_does_not():
    s = jacobian_spectrum(depth=32, width=128)
    JtJ_mean = (s.singular_values**2).mean(axis=1)
    assert np.allclose(JtJ_mean, s.sq_mean[:, -1])
    assert 16 < s.sq_var[0, -1] < 64  # ~ depth for Gaussian weights
    assert s.sq_var[1, -1] < 1e-12 and np.allclose(s.singular_values[1], 1.0)


def test_mean_field_caption_says_which_gains_settle_and_keeps_every_number():
    from initlab.plots.theory import describe_mean_field_map

    mf = tanh_mean_field(gains=(1.0, 1.3, 5 / 3, 2.0), depth=100)
    caption = describe_mean_field_map(mf)
    ends = np.sqrt(mf.trajectory[:, -1])
    assert caption.takeaway.count(". ") == 1 and len(caption.takeaway) < 240
    assert f"gain 5/3: fixed point q* = {mf.fixed_point[2]:.3g}; std {ends[2]:.3g} at layer 100" in caption.takeaway
    assert "At gain 1 the only fixed point is 0" in caption.takeaway
    assert f"to {ends[0]:.3g} at layer 100" in caption.takeaway
    for label, q, e in zip(("1", "1.3", "5/3", "2"), mf.fixed_point, ends):
        assert f"gain {label}: fixed point {q:.3g}, std {e:.3g} at layer 100" in caption.details


def test_mean_field_figure_gives_each_gain_a_marker_and_an_end_label():
    from initlab.plots.theory import mean_field_map

    mf = tanh_mean_field(gains=(1.0, 1.3, 5 / 3, 2.0), depth=100)
    left, right = mean_field_map(mf).axes[:2]
    lines = [line for line in right.get_lines() if line.get_label().startswith("gain")]
    markers = [line.get_marker() for line in lines]
    assert len(lines) == 4 and len(set(markers)) == 4 and "None" not in markers
    assert [t.get_text() for t in right.texts] == ["1", "1.3", "5/3", "2"]
    assert all(line.get_markevery() == 0.12 for line in lines)  # about 8 markers a line, not one a point


def test_jacobian_caption_takeaway_is_one_sentence_with_the_spread():
    from initlab.plots.theory import describe_jacobian_singular_values

    spec = jacobian_spectrum(["lecun_normal", "orthogonal"], depth=8, width=32, draws=5, rng=0)
    caption = describe_jacobian_singular_values(spec)
    sv = spec.singular_values[0]
    assert caption.takeaway.count(". ") == 0
    assert (
        f"the singular values of the first draw spread from {_sig(sv.max())} down to {_sig(sv.min(), 2)}"
        in caption.takeaway
    )
    assert "e-" not in caption.takeaway
    med = np.median(spec.sq_var_draws[0], axis=0)[-1]
    assert f"({med:.3g} at depth {spec.depth}, median of 5 draws)" in caption.takeaway
    assert f"with {spec.labels[1]} every singular value is 1" in caption.takeaway
    assert f"Their squares' variance at depth {spec.depth}" in caption.details


def test_explorer_grid_json_is_small_strict_and_matches_the_sweep():
    g = explorer_grid(["he_normal", "large_normal"], ["relu"], depth=25, width=32, n_samples=50, bins=8)
    data = json.loads(g.to_json())
    assert data["std"][0][1][-1] is None  # overflow -> null, not NaN
    sweep = initlab.studies.depth_sweep(["he_normal", "large_normal"], "relu", 25, 32, 50, 0, max_samples=4000)
    assert np.allclose(np.array(data["std"][0][0], dtype=float), sweep.act_std[0], rtol=1e-3)
    assert np.array(data["counts"]).shape == (1, 2, 25, 8)
    with pytest.raises(TypeError, match="ExplorerGrid"):
        explorer_html({})


# ----------------------------------------------------------------------------- the page


@pytest.fixture(scope="module")
def page(built_site):
    return (built_site.site / "beyond" / "index.html").read_text()


def test_page_prints_the_numbers_the_library_computes(page):
    text = unescape(page)
    mf = tanh_mean_field(gains=(1.0, 1.3, 5 / 3, 2.0), depth=100)
    row = re.search(rf"<tr>\s*<td[^>]*>{mf.gains[2]:.3f}</td>(.*?)</tr>", page, re.S)  # gain 5/3's table row
    assert row, "no table row for gain 5/3"
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    assert cells[:2] == [f"{mf.fixed_point[2]:.3f}", f"{mf.chi[2]:.3f}"]
    assert f"{initlab.variance_preserving_gain('tanh'):.4f}" in text
    w = initlab.he_normal((128, 64, 3, 3), rng=0)
    assert f"std drawn {w.std():.5f}" in text


def test_page_embeds_a_small_explorer_with_labelled_controls(page):
    m = re.search(r'<script type="application/json" class="initlab-explorer__data">(.*?)</script>', page, re.S)
    assert m and len(m.group(1)) < 300_000
    data = json.loads(m.group(1))
    assert data["depth"] == 20 and set(data["activations"]) == {"tanh", "relu", "sigmoid", "selu"}
    for key in ("scheme", "activation", "depth"):
        assert re.search(rf'<label class="initlab-explorer__control">\w+ <select name="{key}"', page)
    assert 'role="img"' in page and len(page.encode()) < 1_500_000
