// SPDX-License-Identifier: GPL-3.0-or-later
// The two write policies alone, over a Registry with a ManualClock: in memory a write applies at
// once; through a store it is captured, undone and committed, and answered when the store says so.
// The store here is a fake that keeps the commit's answer until the test gives it.
#include "core/manualclock.h"
#include "core/registry.h"
#include "http/pendingresponse.h"
#include "node/memorywritepolicy.h"
#include "node/storewritepolicy.h"
#include "store/store.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
Instance makeInstance(const QString &id)
{
    Instance instance;
    instance.instanceId = id;
    instance.app = u"ORDERS"_s;
    instance.hostName = id + u".example.org"_s;
    instance.ipAddr = u"10.0.0.1"_s;
    instance.lastDirtyTimestamp = 1'699'999'990'000;
    instance.lease.durationSecs = 30;
    return instance;
}

class FakeStore : public Store
{
public:
    bool accepting = true;
    QList<QList<RegistryChange>> commits;
    Done answer;

    void start(std::function<void()> ready) override { ready(); }
    void stop() override {}
    bool acceptsWrites() const override { return accepting; }
    QString refusalReason() const override { return u"the store is away"_s; }
    void commit(const QList<RegistryChange> &changes, Done done) override
    {
        commits.append(changes);
        answer = std::move(done);
    }
    StoreStatus status() const override
    {
        StoreStatus status;
        status.kind = StoreStatus::Kind::Etcd;
        return status;
    }
};

void markAnswer(HttpResponse &response)
{
    response.headers.append(qMakePair(QByteArray("X-Decorated"), QByteArray("yes")));
}
}

class TestWritePolicy : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_registry = std::make_unique<Registry>(RegistryConfig {}, &m_clock);
    }

    void cleanup()
    {
        m_registry.reset();
    }

    void memoryWritesApplyAtOnce()
    {
        MemoryWritePolicy policy(m_registry.get(), {});
        QCOMPARE(policy.open(), QString());
        QVERIFY(!policy.sharesState());
        QCOMPARE(policy.pinnedStore(), nullptr);
        QCOMPARE(policy.status().kind, StoreStatus::Kind::Memory);

        std::optional<CommandResult> answered;
        policy.runWrite([this] {
            m_registry->registerInstance(makeInstance(u"i1"_s));
            return CommandResult {};
        }, [&](const CommandResult &result) { answered = result; });
        QVERIFY(answered && answered->ok);
        QCOMPARE(m_registry->instanceCount(), 1);

        const HttpResponse response = policy.handleWrite([this] {
            m_registry->registerInstance(makeInstance(u"i2"_s));
            return HttpResponse::empty(204);
        }, markAnswer);
        QCOMPARE(response.status, 204);
        QVERIFY(!response.pending);
        QCOMPARE(m_registry->instanceCount(), 2);
    }

    void memoryKeepsAJournalInItsDataDirectory()
    {
        QTemporaryDir dir;
        MemoryWritePolicy policy(m_registry.get(), dir.path());
        QCOMPARE(policy.open(), QString());
        QVERIFY(policy.pinnedStore());
    }

    void memoryCannotStartOnAnUnwritableDataDirectory()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"not-a-directory"_s);
        QFile blocker(file);
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        MemoryWritePolicy policy(m_registry.get(), file + u"/data"_s);
        QVERIFY(!policy.open().isEmpty());
    }

    void storeCommitsWhatACommandChangedAndAnswersWhenTheStoreDoes()
    {
        auto owned = std::make_unique<FakeStore>();
        FakeStore *store = owned.get();
        StoreWritePolicy policy(std::move(owned), m_registry.get());
        QVERIFY(policy.sharesState());
        QCOMPARE(policy.status().kind, StoreStatus::Kind::Etcd);

        std::optional<CommandResult> answered;
        policy.runWrite([this] {
            m_registry->registerInstance(makeInstance(u"i1"_s));
            return CommandResult {};
        }, [&](const CommandResult &result) { answered = result; });
        // Evaluated and undone: the cache changes only when the store brings the write back.
        QCOMPARE(m_registry->instanceCount(), 0);
        // The instance, and the Eureka app's service it created.
        QCOMPARE(store->commits.size(), 1);
        const QList<RegistryChange> &changes = store->commits[0];
        QCOMPARE(changes.size(), 2);
        QVERIFY(changes[0].isServiceChange());
        QCOMPARE(changes[1].kind, RegistryChange::Kind::Registered);
        QCOMPARE(changes[1].instance.instanceId, u"i1"_s);
        QVERIFY(!answered);

        store->answer({503, u"etcd did not acknowledge the write in time"_s});
        QVERIFY(answered);
        QVERIFY(!answered->ok);
        QCOMPARE(answered->error, u"etcd did not acknowledge the write in time"_s);
    }

    void storeAnswersAFailedOrEmptyCommandItself()
    {
        auto owned = std::make_unique<FakeStore>();
        FakeStore *store = owned.get();
        StoreWritePolicy policy(std::move(owned), m_registry.get());

        std::optional<CommandResult> answered;
        policy.runWrite([] { return CommandResult {false, u"no such instance"_s}; },
                        [&](const CommandResult &result) { answered = result; });
        QVERIFY(answered && !answered->ok);
        QCOMPARE(answered->error, u"no such instance"_s);

        answered.reset();
        policy.runWrite([] { return CommandResult {}; }, [&](const CommandResult &result) { answered = result; });
        QVERIFY(answered && answered->ok);
        QVERIFY(store->commits.isEmpty());
    }

    void storeDefersARequestsAnswerUntilTheStoreHasTheWrite()
    {
        auto owned = std::make_unique<FakeStore>();
        FakeStore *store = owned.get();
        StoreWritePolicy policy(std::move(owned), m_registry.get());

        const HttpResponse response = policy.handleWrite([this] {
            m_registry->registerInstance(makeInstance(u"i1"_s));
            return HttpResponse::empty(204);
        }, markAnswer);
        QVERIFY(response.pending);
        QCOMPARE(store->commits.size(), 1);
        QCOMPARE(m_registry->instanceCount(), 0);

        std::optional<HttpResponse> written;
        response.pending->setWriter([&](const HttpResponse &answer) { written = answer; });
        QVERIFY(!written);
        store->answer({404, u"the instance's lease ended in etcd before this write"_s});
        QVERIFY(written);
        QCOMPARE(written->status, 404);
        // A failure carries what every answer to the request carries.
        QVERIFY(written->headers.contains(qMakePair(QByteArray("X-Decorated"), QByteArray("yes"))));
    }

    void storeRefusesARequestWhileItTakesNoWrites()
    {
        auto owned = std::make_unique<FakeStore>();
        FakeStore *store = owned.get();
        store->accepting = false;
        StoreWritePolicy policy(std::move(owned), m_registry.get());

        const HttpResponse response = policy.handleWrite([this] {
            m_registry->registerInstance(makeInstance(u"i1"_s));
            return HttpResponse::empty(204);
        }, markAnswer);
        QCOMPARE(response.status, 503);
        QVERIFY(!response.pending);
        QVERIFY(response.headers.contains(qMakePair(QByteArray("X-Decorated"), QByteArray("yes"))));
        QVERIFY(store->commits.isEmpty());
        QCOMPARE(m_registry->instanceCount(), 0);
    }

    void storeAnswersRequestsThatWriteNothingFromTheCache()
    {
        m_registry->registerInstance(makeInstance(u"i1"_s));
        auto owned = std::make_unique<FakeStore>();
        FakeStore *store = owned.get();
        StoreWritePolicy policy(std::move(owned), m_registry.get());

        const HttpResponse nothing = policy.handleWrite([] { return HttpResponse::empty(404); }, markAnswer);
        QCOMPARE(nothing.status, 404);
        QVERIFY(!nothing.pending);

        // A heartbeat alone: answered from the cache; the store keeps the lease alive aside.
        const HttpResponse heartbeat = policy.handleWrite([this] {
            m_registry->renew(u"ORDERS"_s, u"i1"_s);
            return HttpResponse::empty(200);
        }, markAnswer);
        QCOMPARE(heartbeat.status, 200);
        QVERIFY(!heartbeat.pending);
        QVERIFY(store->commits.isEmpty());

        // Unless the store takes no writes: then the lease cannot be renewed either.
        store->accepting = false;
        const HttpResponse refused = policy.handleWrite([this] {
            m_registry->renew(u"ORDERS"_s, u"i1"_s);
            return HttpResponse::empty(200);
        }, markAnswer);
        QCOMPARE(refused.status, 503);
    }

private:
    ManualClock m_clock;
    std::unique_ptr<Registry> m_registry;
};

QTEST_GUILESS_MAIN(TestWritePolicy)
#include "tst_writepolicy.moc"
