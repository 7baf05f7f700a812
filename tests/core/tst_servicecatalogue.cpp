// SPDX-License-Identifier: GPL-3.0-or-later
// The service catalogue alone: its indexes by key and name, aliases, dependencies, and a rollback of
// every primitive.
#include "core/servicecatalogue.h"
#include "core/undolog.h"

#include <QTest>

namespace {
Service makeService(const QString &id, const QString &name, const QString &version = QStringLiteral("1.0.0"))
{
    Service service;
    service.serviceId = id;
    service.key.serviceName = name;
    service.key.version = version;
    return service;
}

ServiceKey keyNamed(const QString &name)
{
    ServiceKey key;
    key.serviceName = name;
    return key;
}

QStringList idsOf(const QList<const Service *> &services)
{
    QStringList ids;
    for (const Service *service : services)
        ids << service->serviceId;
    ids.sort();
    return ids;
}

// Everything a reader can see of a catalogue with these ids and names.
struct View
{
    ServiceCatalogue::Services services;
    QStringList idsNamedCatalog;
    QString idOfCatalog1;
    QStringList providersOfConsumer;
    QSet<QString> consumersOfCatalog;

    explicit View(const ServiceCatalogue &catalogue)
        : services {catalogue.services()}
        , idsNamedCatalog {idsOf(catalogue.named(keyNamed(QStringLiteral("catalog"))))}
        , idOfCatalog1 {catalogue.idFor(makeService({}, QStringLiteral("catalog")).key)}
        , providersOfConsumer {idsOf(catalogue.providersOf(QStringLiteral("consumer")))}
        , consumersOfCatalog {catalogue.consumersOf(makeService({}, QStringLiteral("catalog")))}
    {
    }
    friend bool operator==(const View &, const View &) = default;
};
}

class TestServiceCatalogue : public QObject
{
    Q_OBJECT

private slots:
    void indexesByKeyAndByName();
    void anAliasAnswersWhenNoNameDoes();
    void aServiceWhoseKeyMovedIsIndexedAnew();
    void dependenciesFollowTheProvidersName();
    void erasingForgetsTheLookupsAServiceMade();
    void aRollbackUndoesEveryPrimitive();
};

void TestServiceCatalogue::indexesByKeyAndByName()
{
    UndoLog undo;
    ServiceCatalogue catalogue(undo);
    catalogue.put(makeService(QStringLiteral("c1"), QStringLiteral("catalog")));
    catalogue.put(makeService(QStringLiteral("c2"), QStringLiteral("catalog"), QStringLiteral("2.0.0")));
    catalogue.put(makeService(QStringLiteral("s1"), QStringLiteral("search")));

    QCOMPARE(catalogue.find(QStringLiteral("c2"))->key.version, QStringLiteral("2.0.0"));
    QVERIFY(!catalogue.find(QStringLiteral("x")));
    QCOMPARE(catalogue.idFor(makeService({}, QStringLiteral("catalog")).key), QStringLiteral("c1"));
    QVERIFY(catalogue.idFor(makeService({}, QStringLiteral("catalog"), QStringLiteral("3.0.0")).key).isEmpty());
    QCOMPARE(idsOf(catalogue.named(keyNamed(QStringLiteral("catalog")))), (QStringList {QStringLiteral("c1"), QStringLiteral("c2")}));

    QCOMPARE(catalogue.erase(QStringLiteral("c1")).serviceId, QStringLiteral("c1"));
    QCOMPARE(idsOf(catalogue.named(keyNamed(QStringLiteral("catalog")))), QStringList {QStringLiteral("c2")});
    QVERIFY(catalogue.idFor(makeService({}, QStringLiteral("catalog")).key).isEmpty());
}

void TestServiceCatalogue::anAliasAnswersWhenNoNameDoes()
{
    UndoLog undo;
    ServiceCatalogue catalogue(undo);
    Service aliased = makeService(QStringLiteral("c1"), QStringLiteral("catalog"));
    aliased.alias = QStringLiteral("products");
    catalogue.put(aliased);
    QCOMPARE(idsOf(catalogue.named(keyNamed(QStringLiteral("products")))), QStringList {QStringLiteral("c1")});
    ServiceKey otherApp = keyNamed(QStringLiteral("products"));
    otherApp.appId = QStringLiteral("other");
    QVERIFY(catalogue.named(otherApp).isEmpty());
}

void TestServiceCatalogue::aServiceWhoseKeyMovedIsIndexedAnew()
{
    UndoLog undo;
    ServiceCatalogue catalogue(undo);
    catalogue.put(makeService(QStringLiteral("c1"), QStringLiteral("catalog")));
    catalogue.put(makeService(QStringLiteral("c1"), QStringLiteral("products")));
    QVERIFY(catalogue.named(keyNamed(QStringLiteral("catalog"))).isEmpty());
    QCOMPARE(catalogue.idFor(makeService({}, QStringLiteral("products")).key), QStringLiteral("c1"));
    QCOMPARE(catalogue.services().size(), 1);
}

void TestServiceCatalogue::dependenciesFollowTheProvidersName()
{
    UndoLog undo;
    ServiceCatalogue catalogue(undo);
    catalogue.put(makeService(QStringLiteral("consumer"), QStringLiteral("web")));
    catalogue.put(makeService(QStringLiteral("c1"), QStringLiteral("catalog")));
    catalogue.addDependency(QStringLiteral("consumer"), keyNamed(QStringLiteral("catalog")));
    // A version registered after the lookup is heard of too: the dependency is on the name.
    catalogue.put(makeService(QStringLiteral("c2"), QStringLiteral("catalog"), QStringLiteral("2.0.0")));

    QCOMPARE(catalogue.consumersOf(*catalogue.find(QStringLiteral("c2"))), QSet<QString> {QStringLiteral("consumer")});
    QCOMPARE(idsOf(catalogue.providersOf(QStringLiteral("consumer"))), (QStringList {QStringLiteral("c1"), QStringLiteral("c2")}));
    QVERIFY(catalogue.providersOf(QStringLiteral("c1")).isEmpty());

    // The last version of a name takes its consumers with it.
    catalogue.erase(QStringLiteral("c1"));
    catalogue.erase(QStringLiteral("c2"));
    catalogue.put(makeService(QStringLiteral("c3"), QStringLiteral("catalog")));
    QVERIFY(catalogue.consumersOf(*catalogue.find(QStringLiteral("c3"))).isEmpty());
}

void TestServiceCatalogue::erasingForgetsTheLookupsAServiceMade()
{
    UndoLog undo;
    ServiceCatalogue catalogue(undo);
    catalogue.put(makeService(QStringLiteral("consumer"), QStringLiteral("web")));
    catalogue.put(makeService(QStringLiteral("c1"), QStringLiteral("catalog")));
    catalogue.addDependency(QStringLiteral("consumer"), keyNamed(QStringLiteral("catalog")));
    catalogue.erase(QStringLiteral("consumer"));
    QVERIFY(catalogue.consumersOf(*catalogue.find(QStringLiteral("c1"))).isEmpty());
}

void TestServiceCatalogue::aRollbackUndoesEveryPrimitive()
{
    UndoLog undo;
    ServiceCatalogue catalogue(undo);
    catalogue.put(makeService(QStringLiteral("consumer"), QStringLiteral("web")));
    catalogue.put(makeService(QStringLiteral("c1"), QStringLiteral("catalog")));
    const View before(catalogue);

    for (int capture = 0; capture < 2; ++capture) {   // the second capture saves again
        undo.begin();
        catalogue.addDependency(QStringLiteral("consumer"), keyNamed(QStringLiteral("catalog")));
        catalogue.put(makeService(QStringLiteral("c2"), QStringLiteral("catalog"), QStringLiteral("2.0.0")));
        Service described = makeService(QStringLiteral("c1"), QStringLiteral("catalog"));
        described.description = QStringLiteral("changed");
        catalogue.put(described);
        catalogue.erase(QStringLiteral("consumer"));
        QVERIFY(!(before == View(catalogue)));
        undo.rollBack();
        QVERIFY(before == View(catalogue));
    }
}

QTEST_GUILESS_MAIN(TestServiceCatalogue)
#include "tst_servicecatalogue.moc"
