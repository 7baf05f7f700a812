// SPDX-License-Identifier: GPL-3.0-or-later
// A check's verdict in the registry, with a clock the test drives: DOWN by check beside the
// override rules, re-registrations, peers' copies and the JSON that carries it.

#include "core/manualclock.h"
#include "core/registry.h"
#include "model/musterjson.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
const QString app = u"CHECKED"_s;
const QString id = u"c1"_s;

Instance checkedInstance()
{
    Instance instance;
    instance.app = app;
    instance.instanceId = id;
    instance.hostName = u"h1"_s;
    instance.ipAddr = u"10.0.0.1"_s;
    instance.lastDirtyTimestamp = 1;
    CheckSpec check;
    check.target = u"http://10.0.0.1:8080/health"_s;
    instance.check = check;
    return instance;
}
}

class TestCheckVerdicts : public QObject
{
    Q_OBJECT

private slots:
    void failingPutsDownAndPassingPutsUp();
    void overrideWinsAndTheVerdictWaitsBehindIt();
    void aClientRegisteringAgainKeepsTheVerdict();
    void aPeerCopyBringsItsVerdict();
    void musterJsonKeepsCheckAndVerdict();

private:
    ManualClock m_clock;
};

void TestCheckVerdicts::failingPutsDownAndPassingPutsUp()
{
    Registry registry({}, &m_clock);
    registry.registerInstance(checkedInstance());
    QSignalSpy changed(&registry, &Registry::changed);
    const qint64 dirtyBefore = registry.instance(app, id)->lastDirtyTimestamp;
    m_clock.advance(10);

    QVERIFY(registry.applyCheckVerdict(app, id, true));
    QCOMPARE(registry.instance(app, id)->status, InstanceStatus::Down);
    QVERIFY(registry.instance(app, id)->downByCheck);
    QCOMPARE(registry.instance(app, id)->overriddenStatus, InstanceStatus::Unknown);
    QVERIFY(registry.instance(app, id)->lastDirtyTimestamp > dirtyBefore);
    QCOMPARE(changed.size(), 1);
    const auto change = changed.first().first().value<RegistryChange>();
    QCOMPARE(change.kind, RegistryChange::Kind::CheckStatusChanged);
    QCOMPARE(change.origin, WriteOrigin::Check);

    QVERIFY(registry.applyCheckVerdict(app, id, true));   // the same verdict changes nothing
    QCOMPARE(changed.size(), 1);
    QVERIFY(registry.applyCheckVerdict(app, id, false));
    QCOMPARE(registry.instance(app, id)->status, InstanceStatus::Up);
    QVERIFY(!registry.instance(app, id)->downByCheck);
    QVERIFY(!registry.applyCheckVerdict(app, u"nobody"_s, true));
}

void TestCheckVerdicts::overrideWinsAndTheVerdictWaitsBehindIt()
{
    Registry registry({}, &m_clock);
    registry.registerInstance(checkedInstance());
    registry.setStatusOverride(app, id, InstanceStatus::OutOfService);
    registry.applyCheckVerdict(app, id, true);
    QCOMPARE(registry.instance(app, id)->status, InstanceStatus::OutOfService);
    QVERIFY(registry.instance(app, id)->downByCheck);

    registry.removeStatusOverride(app, id);
    QCOMPARE(registry.instance(app, id)->status, InstanceStatus::Down);
    registry.setStatusOverride(app, id, InstanceStatus::Up);
    QCOMPARE(registry.instance(app, id)->status, InstanceStatus::Up);
    registry.applyCheckVerdict(app, id, false);
    QCOMPARE(registry.instance(app, id)->status, InstanceStatus::Up);
    QVERIFY(!registry.instance(app, id)->downByCheck);
}

void TestCheckVerdicts::aClientRegisteringAgainKeepsTheVerdict()
{
    Registry registry({}, &m_clock);
    registry.registerInstance(checkedInstance());
    registry.applyCheckVerdict(app, id, true);
    m_clock.advance(1000);
    Instance again = checkedInstance();
    again.lastDirtyTimestamp = m_clock.nowMs();
    registry.registerInstance(again);
    QCOMPARE(registry.instance(app, id)->status, InstanceStatus::Down);
    QVERIFY(registry.instance(app, id)->downByCheck);

    // Without a check there is no verdict to keep.
    m_clock.advance(1000);
    Instance unchecked = checkedInstance();
    unchecked.check.reset();
    unchecked.lastDirtyTimestamp = m_clock.nowMs();
    registry.registerInstance(unchecked);
    QCOMPARE(registry.instance(app, id)->status, InstanceStatus::Up);
    QVERIFY(!registry.instance(app, id)->downByCheck);
}

void TestCheckVerdicts::aPeerCopyBringsItsVerdict()
{
    Registry registry({}, &m_clock);
    registry.registerInstance(checkedInstance(), WriteOrigin::Peer);
    Instance down = checkedInstance();
    down.status = InstanceStatus::Down;
    down.downByCheck = true;
    down.lastDirtyTimestamp = 5;
    registry.registerInstance(down, WriteOrigin::Peer);
    QCOMPARE(registry.instance(app, id)->status, InstanceStatus::Down);
    QVERIFY(registry.instance(app, id)->downByCheck);
    Instance up = checkedInstance();
    up.lastDirtyTimestamp = 6;
    registry.registerInstance(up, WriteOrigin::Peer);
    QCOMPARE(registry.instance(app, id)->status, InstanceStatus::Up);
    QVERIFY(!registry.instance(app, id)->downByCheck);
}

void TestCheckVerdicts::musterJsonKeepsCheckAndVerdict()
{
    Instance instance = checkedInstance();
    instance.check->kind = CheckSpec::Kind::Tcp;
    instance.check->target = u"10.0.0.1:9"_s;
    instance.check->deregisterAfterMs = 30000;
    instance.downByCheck = true;
    const auto back = MusterJson::decodeInstance(MusterJson::encodeInstance(instance));
    QVERIFY(back);
    QCOMPARE(back->check, instance.check);
    QVERIFY(back->downByCheck);
    instance.check.reset();
    instance.downByCheck = false;
    const auto none = MusterJson::decodeInstance(MusterJson::encodeInstance(instance));
    QVERIFY(!none->check);
    QVERIFY(!none->downByCheck);
}

QTEST_GUILESS_MAIN(TestCheckVerdicts)
#include "tst_checkverdicts.moc"
