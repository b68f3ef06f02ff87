"""Issue #18: lesson 02's "try it" button says it runs, how long it took, and shows the
timeline above what the processes printed (folded)."""

from helpers.view import controls


def test_the_button_says_running_then_how_long_and_folds_what_was_printed(monkeypatch):
    shown, seen = [], []
    monkeypatch.setattr(controls, "show_printed", shown.append)

    def experiment(n=2, how="fast"):
        seen.append(status.value)  # while it runs
        print("hello bob\n" * n, end="")

    box, run = controls.form("start the children", experiment, n=(1, 8), how=["fast", "slow"])
    *inputs, button, status, output = box.children
    assert [w.description for w in inputs] == ["n", "how"]
    assert button.description == "start the children" and status.value == ""
    run(n=3, how="slow")
    assert seen == [controls.RUNNING]
    assert status.value.startswith("done in ") and status.value.endswith(" s")
    assert shown == ["hello bob\nhello bob\nhello bob\n"]


def test_what_was_printed_is_folded_with_its_count_and_its_plain_text(monkeypatch):
    bundles = []
    monkeypatch.setattr("IPython.display.display", lambda data, raw: bundles.append(data))
    controls.show_printed("hello <bob>\n父进程在执行\n")
    controls.show_printed("")  # nothing printed: nothing shown
    (bundle,) = bundles
    assert bundle["text/plain"] == "hello <bob>\n父进程在执行"
    assert bundle["text/html"].startswith("<details><summary>2 lines printed: click to see")
    assert "hello &lt;bob&gt;" in bundle["text/html"]


def test_a_run_that_raises_still_says_how_long_it_took(monkeypatch):
    monkeypatch.setattr(controls, "show_printed", lambda text: None)

    def broken():
        raise ValueError("bad")

    box, run = controls.form("go", broken)
    try:
        run()
    except ValueError:
        pass
    assert box.children[-2].value.startswith("done in ")
