// SPDX-License-Identifier: GPL-3.0-or-later
// The rules that turn results into verdicts, and the check specs every input is read into.

#include "checks/checktracker.h"
#include "model/checkspec.h"
#include "model/instance.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {
CheckResult result(qint64 at, bool passed)
{
    return CheckResult {at, passed, 1, passed ? u"HTTP 200"_s : u"connection refused"_s};
}

CheckState stateWith(int failures, int successes, qint64 deregisterAfterMs = 0)
{
    CheckState state;
    state.spec.target = u"http://127.0.0.1:1/health"_s;
    state.spec.failures = failures;
    state.spec.successes = successes;
    state.spec.deregisterAfterMs = deregisterAfterMs;
    return state;
}
}

class TestCheckTracker : public QObject
{
    Q_OBJECT

private slots:
    void failsAfterThresholdAndRecoversAfterSuccesses();
    void aPassBetweenFailuresStartsOver();
    void historyKeepsTheNewest();
    void deregisterAfterCountsFromTheFirstFailure();
    void jsonRoundTripAndErrors();
    void eurekaMetadata();
    void serviceCombPull();
};

void TestCheckTracker::failsAfterThresholdAndRecoversAfterSuccesses()
{
    CheckState state = stateWith(3, 2);
    QVERIFY(!CheckTracker::record(state, result(1, true)));
    QCOMPARE(state.verdict, CheckState::Verdict::Passing);
    QVERIFY(!CheckTracker::record(state, result(2, false)));
    QVERIFY(!CheckTracker::record(state, result(3, false)));
    QCOMPARE(state.verdict, CheckState::Verdict::Passing);
    QVERIFY(CheckTracker::record(state, result(4, false)));
    QCOMPARE(state.verdict, CheckState::Verdict::Failing);
    QCOMPARE(state.failingSinceMs, 2);
    QVERIFY(!CheckTracker::record(state, result(5, true)));
    QCOMPARE(state.verdict, CheckState::Verdict::Failing);
    QVERIFY(CheckTracker::record(state, result(6, true)));
    QCOMPARE(state.verdict, CheckState::Verdict::Passing);
    QCOMPARE(state.failingSinceMs, 0);
}

void TestCheckTracker::aPassBetweenFailuresStartsOver()
{
    CheckState state = stateWith(2, 1);
    QVERIFY(!CheckTracker::record(state, result(1, false)));
    QVERIFY(!CheckTracker::record(state, result(2, true)));
    QVERIFY(!CheckTracker::record(state, result(3, false)));
    QCOMPARE(state.consecutiveFailures, 1);
    QVERIFY(CheckTracker::record(state, result(4, false)));
    QCOMPARE(state.failingSinceMs, 3);
}

void TestCheckTracker::historyKeepsTheNewest()
{
    CheckState state = stateWith(1, 1);
    for (int i = 1; i <= CheckState::historySize + 5; ++i)
        CheckTracker::record(state, result(i, i % 2 == 0));
    QCOMPARE(state.history.size(), CheckState::historySize);
    QCOMPARE(state.history.first().timestamp, 6);
    QCOMPARE(state.lastResult()->timestamp, CheckState::historySize + 5);
}

void TestCheckTracker::deregisterAfterCountsFromTheFirstFailure()
{
    CheckState state = stateWith(2, 1, 1000);
    CheckTracker::record(state, result(100, false));
    QVERIFY(!CheckTracker::deregisterDue(state, 1200));   // not failing yet: one failure of two
    CheckTracker::record(state, result(300, false));
    QVERIFY(!CheckTracker::deregisterDue(state, 1099));
    QVERIFY(CheckTracker::deregisterDue(state, 1100));
    CheckState never = stateWith(1, 1, 0);
    CheckTracker::record(never, result(100, false));
    QVERIFY(!CheckTracker::deregisterDue(never, 1'000'000'000));
}

void TestCheckTracker::jsonRoundTripAndErrors()
{
    CheckSpec spec;
    spec.kind = CheckSpec::Kind::Tcp;
    spec.target = u"127.0.0.1:8080"_s;
    spec.intervalMs = 500;
    spec.timeoutMs = 200;
    spec.failures = 2;
    spec.successes = 3;
    spec.deregisterAfterMs = 60000;
    const ParsedCheck back = CheckSpecs::fromJson(CheckSpecs::toJson(spec));
    QVERIFY2(back.error.isEmpty(), qPrintable(back.error));
    QCOMPARE(*back.check, spec);

    const ParsedCheck text = CheckSpecs::fromJson(
        {{u"type"_s, u"http"_s}, {u"target"_s, u"http://h:1/x"_s}, {u"interval"_s, u"2s"_s}, {u"deregisterAfter"_s, u"5m"_s}});
    QCOMPARE(text.check->intervalMs, 2000);
    QCOMPARE(text.check->deregisterAfterMs, 300000);

    QVERIFY(CheckSpecs::fromJson({{u"type"_s, u"icmp"_s}}).error.contains(u"type"_s));
    QVERIFY(CheckSpecs::fromJson({{u"type"_s, u"http"_s}, {u"target"_s, u"ftp://h/x"_s}}).error.contains(u"URL"_s));
    QVERIFY(CheckSpecs::fromJson({{u"type"_s, u"tcp"_s}, {u"target"_s, u"h"_s}}).error.contains(u"host:port"_s));
    QVERIFY(CheckSpecs::fromJson({{u"type"_s, u"tcp"_s}, {u"target"_s, u"h:1"_s}, {u"interval"_s, u"soon"_s}})
                .error.contains(u"interval"_s));
    QVERIFY(CheckSpecs::fromJson({{u"type"_s, u"tcp"_s}, {u"target"_s, u"h:1"_s}, {u"failures"_s, 0}})
                .error.contains(u"threshold"_s));
    QVERIFY(CheckSpecs::fromJson({{u"type"_s, u"tcp"_s}, {u"target"_s, u"h:1"_s}, {u"intervalMs"_s, 1000},
                                  {u"timeoutMs"_s, 5000}}).error.contains(u"timeout"_s));
}

void TestCheckTracker::eurekaMetadata()
{
    Instance instance;
    instance.ipAddr = u"10.0.0.5"_s;
    instance.port = PortInfo {8080, true};
    instance.healthCheckUrl = u"http://10.0.0.5:8080/health"_s;
    QVERIFY(!CheckSpecs::fromEurekaMetadata(instance).check);   // no opt-in, no check
    QVERIFY(CheckSpecs::fromEurekaMetadata(instance).error.isEmpty());

    instance.metadata = {{u"muster.check"_s, u"http"_s}, {u"muster.check.interval"_s, u"500ms"_s},
                         {u"muster.check.timeout"_s, u"200ms"_s}, {u"muster.check.failures"_s, u"2"_s},
                         {u"muster.check.deregister-after"_s, u"1m"_s}};
    const ParsedCheck http = CheckSpecs::fromEurekaMetadata(instance);
    QVERIFY2(http.error.isEmpty(), qPrintable(http.error));
    QCOMPARE(http.check->target, instance.healthCheckUrl);
    QCOMPARE(http.check->intervalMs, 500);
    QCOMPARE(http.check->timeoutMs, 200);
    QCOMPARE(http.check->failures, 2);
    QCOMPARE(http.check->deregisterAfterMs, 60000);

    instance.metadata = {{u"muster.check"_s, u"tcp"_s}};
    QCOMPARE(CheckSpecs::fromEurekaMetadata(instance).check->target, u"10.0.0.5:8080"_s);

    instance.metadata = {{u"muster.check"_s, u"http"_s}, {u"muster.check.failures"_s, u"many"_s}};
    QVERIFY(CheckSpecs::fromEurekaMetadata(instance).error.contains(u"muster.check.failures"_s));
    instance.metadata = {{u"muster.check"_s, u"http"_s}};
    instance.healthCheckUrl.clear();
    QVERIFY(CheckSpecs::fromEurekaMetadata(instance).error.contains(u"muster.check"_s));
}

void TestCheckTracker::serviceCombPull()
{
    Instance instance;
    instance.endpoints = {u"rest://10.0.0.7:9090?sslEnabled=false"_s};
    HealthCheck push;
    QVERIFY(!CheckSpecs::fromServiceCombHealthCheck(push, instance).check);

    HealthCheck pull {u"pull"_s, 5, 2, 0, u"/health"_s};
    const ParsedCheck http = CheckSpecs::fromServiceCombHealthCheck(pull, instance);
    QVERIFY2(http.error.isEmpty(), qPrintable(http.error));
    QCOMPARE(http.check->kind, CheckSpec::Kind::Http);
    QCOMPARE(http.check->target, u"http://10.0.0.7:9090/health"_s);
    QCOMPARE(http.check->intervalMs, 5000);
    QCOMPARE(http.check->failures, 2);

    HealthCheck tcp {u"pull"_s, 5, 3, 9091, {}};
    const ParsedCheck connect = CheckSpecs::fromServiceCombHealthCheck(tcp, instance);
    QCOMPARE(connect.check->kind, CheckSpec::Kind::Tcp);
    QCOMPARE(connect.check->target, u"10.0.0.7:9091"_s);
}

QTEST_GUILESS_MAIN(TestCheckTracker)
#include "tst_checktracker.moc"
