from partnerkit import envcheck


def test_all_ok_in_the_test_environment(capsys):
    assert envcheck.report() is True
    out = capsys.readouterr().out
    assert "[  OK] partnerkit" in out and "FAIL" not in out


def test_missing_package_is_reported_not_raised(monkeypatch):
    monkeypatch.setitem(envcheck.REQUIRED, "no_such_module_xyz", ("no-such-dist", "1.0"))
    rows = envcheck.check_environment()
    assert ("FAIL", "no-such-dist", "not importable: ModuleNotFoundError") in rows


def test_too_old_version_fails(monkeypatch):
    monkeypatch.setitem(envcheck.REQUIRED, "plotly", ("plotly", "999.0"))
    status = {name: s for s, name, _ in envcheck.check_environment()}
    assert status["plotly"] == "FAIL"
