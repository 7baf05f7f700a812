// SPDX-License-Identifier: GPL-3.0-or-later
// The Instances view's proxy against InstanceModel: its order is checked after every step against an
// order computed from scratch (filter, then a stable sort by InstanceModel::SortRole), and Qt's model
// tester watches it throughout.
#include "models/instancefiltermodel.h"
#include "models/instancemodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <numeric>

namespace {
const QStringList apps = {u"ORDERS"_qs, u"users"_qs, u"Billing"_qs, u"CART"_qs, u"cart-api"_qs, u"SEARCH"_qs,
                          u"gateway"_qs};
const QList<InstanceStatus> statuses = {InstanceStatus::Up, InstanceStatus::Down, InstanceStatus::Starting,
                                        InstanceStatus::OutOfService};

// Fields drawn from small sets, so that every column has ties.
Instance randomInstance(QRandomGenerator &random, int serial)
{
    Instance instance;
    instance.app = apps[random.bounded(int(apps.size()))];
    instance.instanceId = u"i-%1-%2"_qs.arg(random.bounded(50)).arg(serial);
    instance.hostName = u"Host-%1.example"_qs.arg(random.bounded(40));
    instance.ipAddr = u"10.0.%1.%2"_qs.arg(random.bounded(4)).arg(random.bounded(256));
    instance.port = {8000 + random.bounded(5), true};
    instance.status = statuses[random.bounded(int(statuses.size()))];
    instance.overriddenStatus = random.bounded(4) == 0 ? InstanceStatus::OutOfService : InstanceStatus::Unknown;
    instance.serviceId = u"svc-"_qs + instance.app;
    instance.metadata.insert(u"zone"_qs, QString(QChar(u'a' + random.bounded(3))));
    instance.lease.durationSecs = 30 * (1 + random.bounded(3));
    instance.lease.lastRenewalTimestamp = 1'000'000 + 1000 * random.bounded(20);
    instance.pinned = random.bounded(20) == 0;
    instance.origin = random.bounded(2) ? Protocol::Eureka : Protocol::ServiceComb;
    return instance;
}

RegistryChange changeOf(RegistryChange::Kind kind, const Instance &instance)
{
    RegistryChange change;
    change.kind = kind;
    change.instance = instance;
    return change;
}

struct Filter
{
    QString serviceKey;
    std::optional<InstanceStatus> status;
    QString host;
    QString metadata;
    QString text;

    void applyTo(InstanceFilterModel &proxy) const
    {
        proxy.setServiceKey(serviceKey);
        proxy.setStatus(status);
        proxy.setHostFilter(host);
        proxy.setMetadataFilter(metadata);
        proxy.setText(text);
    }

    bool accepts(const Instance &instance) const
    {
        if (!serviceKey.isEmpty() && InstanceModel::serviceKeyFor(instance) != serviceKey)
            return false;
        if (status && instance.status != *status)
            return false;
        if (!host.isEmpty() && !instance.hostName.contains(host, Qt::CaseInsensitive))
            return false;
        if (!metadata.isEmpty() && !InstanceModel::metadataText(instance).contains(metadata, Qt::CaseInsensitive))
            return false;
        const QStringList fields = {instance.app, instance.instanceId, instance.hostName, instance.ipAddr};
        return text.isEmpty()
            || std::any_of(fields.cbegin(), fields.cend(), [&](const QString &f) { return f.contains(text, Qt::CaseInsensitive); });
    }
};

// The source rows the view should show, in order, computed from scratch.
QList<int> expectedOrder(const InstanceModel &model, const Filter &filter, int column, Qt::SortOrder order)
{
    QList<int> rows;
    for (int row = 0; row < model.rowCount(); ++row) {
        if (filter.accepts(*model.instanceAt(row)))
            rows << row;
    }
    if (column < 0)
        return rows;
    const auto compare = [&](int a, int b) {
        const QVariant x = model.index(a, column).data(InstanceModel::SortRole);
        const QVariant y = model.index(b, column).data(InstanceModel::SortRole);
        if (x.metaType().id() == QMetaType::QString)
            return QString::compare(x.toString(), y.toString(), Qt::CaseInsensitive);
        return x.toLongLong() < y.toLongLong() ? -1 : (x.toLongLong() > y.toLongLong() ? 1 : 0);
    };
    std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
        return order == Qt::AscendingOrder ? compare(a, b) < 0 : compare(a, b) > 0;
    });
    return rows;
}

QList<int> proxyOrder(const InstanceFilterModel &proxy)
{
    QList<int> rows;
    for (int row = 0; row < proxy.rowCount(); ++row)
        rows << proxy.mapToSource(proxy.index(row, 0)).row();
    return rows;
}

// Both directions of the mapping agree.
bool mappingsAgree(const InstanceModel &model, const InstanceFilterModel &proxy)
{
    int shown = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex mapped = proxy.mapFromSource(model.index(row, 0));
        if (!mapped.isValid())
            continue;
        ++shown;
        if (proxy.mapToSource(mapped).row() != row)
            return false;
    }
    return shown == proxy.rowCount();
}

QString idAt(const QModelIndex &index)
{
    return index.siblingAtColumn(InstanceModel::IdColumn).data().toString();
}
}

class TestInstanceFilterModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void sortsEveryColumnBothWays();
    void filtersAsBefore();
    void blocksKeepTheOrder();
    void signalsABlockOnce();
    void heartbeatReplacesOnlyItsRow();
    void currentAndSelectionSurviveABlock();

private:
    void check(const char *step);

    std::unique_ptr<InstanceModel> m_model;
    std::unique_ptr<InstanceFilterModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    Filter m_filter;
    int m_column = InstanceModel::AppColumn;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    QRandomGenerator m_random {20261204};
    int m_serial = 0;
};

void TestInstanceFilterModel::init()
{
    m_tester.reset();
    m_proxy.reset();
    m_model = std::make_unique<InstanceModel>();
    m_model->setClock([] { return qint64(1'050'000); });
    m_proxy = std::make_unique<InstanceFilterModel>();
    m_proxy->sort(InstanceModel::AppColumn);
    m_proxy->setSourceModel(m_model.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_filter = {};
    m_column = InstanceModel::AppColumn;
    m_order = Qt::AscendingOrder;
    m_random.seed(20261204);
    m_serial = 0;
}

void TestInstanceFilterModel::check(const char *step)
{
    const QList<int> expected = expectedOrder(*m_model, m_filter, m_column, m_order);
    const QList<int> actual = proxyOrder(*m_proxy);
    if (actual != expected) {
        qsizetype first = 0;
        while (first < std::min(actual.size(), expected.size()) && actual[first] == expected[first])
            ++first;
        QFAIL(qPrintable(u"%1: %2 rows shown, %3 expected; first difference at row %4"_qs.arg(QLatin1String(step))
                             .arg(actual.size()).arg(expected.size()).arg(first)));
    }
    QVERIFY2(mappingsAgree(*m_model, *m_proxy), step);
}

void TestInstanceFilterModel::sortsEveryColumnBothWays()
{
    QList<Instance> instances;
    for (int i = 0; i < 600; ++i)
        instances << randomInstance(m_random, m_serial++);
    m_model->reset(instances);
    check("after the reset");
    for (int column = 0; column < InstanceModel::ColumnCount; ++column) {
        for (const auto order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            m_column = column;
            m_order = order;
            m_proxy->sort(column, order);
            QCOMPARE(m_proxy->sortColumn(), column);
            QCOMPARE(m_proxy->sortOrder(), order);
            check(qPrintable(u"sorted by column %1, %2"_qs.arg(column).arg(order == Qt::AscendingOrder ? u"up"_qs : u"down"_qs)));
        }
    }
    m_column = -1;
    m_proxy->sort(-1);
    check("unsorted: the source's order");
}

void TestInstanceFilterModel::filtersAsBefore()
{
    QList<Instance> instances;
    for (int i = 0; i < 600; ++i)
        instances << randomInstance(m_random, m_serial++);
    m_model->reset(instances);
    const QList<Filter> filters = {
        {u"svc-CART"_qs, {}, {}, {}, {}},
        {{}, InstanceStatus::Down, {}, {}, {}},
        {{}, {}, u"host-1"_qs, {}, {}},
        {{}, {}, {}, u"ZONE=b"_qs, {}},
        {{}, {}, {}, {}, u"cart"_qs},
        {{}, {}, {}, {}, u"10.0.2."_qs},
        {u"svc-users"_qs, InstanceStatus::Up, u"host"_qs, u"zone=a"_qs, u"i-1"_qs},
        {},
    };
    for (const Filter &filter : filters) {
        m_filter = filter;
        filter.applyTo(*m_proxy);
        check("filtered");
        QVERIFY(m_proxy->rowCount() > 0);
    }
    // Rows that arrive or change later are filtered as well.
    m_filter = {{}, InstanceStatus::Up, {}, {}, {}};
    m_filter.applyTo(*m_proxy);
    QList<RegistryChange> changes;
    for (int i = 0; i < 50; ++i)
        changes << changeOf(RegistryChange::Kind::Registered, randomInstance(m_random, m_serial++));
    for (int row = 0; row < 100; row += 3) {
        Instance changed = *m_model->instanceAt(row);
        changed.status = changed.status == InstanceStatus::Up ? InstanceStatus::Down : InstanceStatus::Up;
        changes << changeOf(RegistryChange::Kind::StatusChanged, changed);
    }
    m_model->applyInBulk(changes);
    check("registrations and status changes under a filter");
    Instance one = *m_model->instanceAt(200);
    one.status = one.status == InstanceStatus::Up ? InstanceStatus::Down : InstanceStatus::Up;
    m_model->apply(changeOf(RegistryChange::Kind::StatusChanged, one));
    check("one status change under a filter");
}

// Random steps of every kind, each checked against the order from scratch.
void TestInstanceFilterModel::blocksKeepTheOrder()
{
    QList<Instance> instances;
    for (int i = 0; i < 3000; ++i)
        instances << randomInstance(m_random, m_serial++);
    m_model->reset(instances);
    check("the first 3000");
    const auto randomRow = [this] { return int(m_random.bounded(m_model->rowCount())); };
    const auto cancel = [this](int row) { return changeOf(RegistryChange::Kind::Cancelled, *m_model->instanceAt(row)); };
    for (int step = 0; step < 120; ++step) {
        const int kind = m_random.bounded(9);
        QList<RegistryChange> changes;
        QString what;
        switch (kind) {
        case 0:   // a burst of registrations
            for (int i = 0, n = 1 + m_random.bounded(200); i < n; ++i)
                changes << changeOf(RegistryChange::Kind::Registered, randomInstance(m_random, m_serial++));
            what = u"registrations"_qs;
            break;
        case 1: {   // cancels of adjacent source rows
            const int first = randomRow();
            for (int row = first; row < std::min(m_model->rowCount(), first + 1 + int(m_random.bounded(150))); ++row)
                changes << cancel(row);
            what = u"adjacent cancels"_qs;
            break;
        }
        case 2:   // cancels scattered over the table
            for (int i = 0, n = 1 + m_random.bounded(150); i < n; ++i)
                changes << cancel(randomRow());
            what = u"scattered cancels"_qs;
            break;
        case 3: {   // a mixed batch: cancels, status changes, registrations
            for (int i = 0; i < 40; ++i)
                changes << cancel(randomRow());
            for (int i = 0; i < 40; ++i) {
                Instance changed = *m_model->instanceAt(randomRow());
                changed.status = statuses[m_random.bounded(int(statuses.size()))];
                changed.lease.lastRenewalTimestamp += 500;
                changes << changeOf(RegistryChange::Kind::StatusChanged, changed);
            }
            for (int i = 0; i < 40; ++i)
                changes << changeOf(RegistryChange::Kind::Registered, randomInstance(m_random, m_serial++));
            what = u"mixed batch"_qs;
            break;
        }
        case 4: {   // a batch of heartbeats
            QList<Heartbeat> heartbeats;
            for (int i = 0, n = 1 + m_random.bounded(300); i < n; ++i) {
                const Instance *instance = m_model->instanceAt(randomRow());
                heartbeats.append({instance->app, instance->instanceId, 1'000'000 + 1000 * m_random.bounded(40), 1});
            }
            m_model->applyHeartbeats(heartbeats);
            what = u"heartbeats"_qs;
            break;
        }
        case 5:   // one registration, one cancel, as apply() makes them
            m_model->apply(changeOf(RegistryChange::Kind::Registered, randomInstance(m_random, m_serial++)));
            check("one registration");
            m_model->apply(cancel(randomRow()));
            what = u"one cancel"_qs;
            break;
        case 6:   // another sort
            m_column = int(m_random.bounded(InstanceModel::ColumnCount + 1)) - 1;
            m_order = m_random.bounded(2) ? Qt::AscendingOrder : Qt::DescendingOrder;
            m_proxy->sort(m_column, m_order);
            what = u"sorted by column %1"_qs.arg(m_column);
            break;
        case 7: {   // another filter
            const int which = m_random.bounded(4);
            m_filter = {};
            if (which == 1)
                m_filter.status = statuses[m_random.bounded(int(statuses.size()))];
            else if (which == 2)
                m_filter.serviceKey = u"svc-"_qs + apps[m_random.bounded(int(apps.size()))];
            else if (which == 3)
                m_filter.text = u"host-1"_qs;
            m_filter.applyTo(*m_proxy);
            what = u"filter %1"_qs.arg(which);
            break;
        }
        default:   // one heartbeat
        {
            const Instance *instance = m_model->instanceAt(randomRow());
            m_model->applyHeartbeat({instance->app, instance->instanceId, 1'000'000 + 1000 * m_random.bounded(40), 1});
            what = u"one heartbeat"_qs;
            break;
        }
        }
        if (!changes.isEmpty())
            m_model->applyInBulk(changes);
        check(qPrintable(u"step %1: %2"_qs.arg(step).arg(what)));
        if (m_model->rowCount() < 1000) {
            QList<RegistryChange> more;
            for (int i = 0; i < 1000; ++i)
                more << changeOf(RegistryChange::Kind::Registered, randomInstance(m_random, m_serial++));
            m_model->applyInBulk(more);
            check("topped up");
        }
    }
}

// A scattered block is one layout change; a run of adjacent rows in the view's order is one removal
// or insertion.
void TestInstanceFilterModel::signalsABlockOnce()
{
    QList<Instance> instances;
    for (int i = 0; i < 2000; ++i)
        instances << randomInstance(m_random, m_serial++);
    m_model->reset(instances);
    QSignalSpy layouts(m_proxy.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy removals(m_proxy.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy insertions(m_proxy.get(), &QAbstractItemModel::rowsInserted);

    QList<RegistryChange> scattered;
    for (int row = 5; row < m_model->rowCount(); row += 37)
        scattered << changeOf(RegistryChange::Kind::Cancelled, *m_model->instanceAt(row));
    m_model->applyInBulk(scattered);
    check("scattered cancels");
    QCOMPARE(layouts.size(), 1);
    QCOMPARE(removals.size(), 0);

    QList<RegistryChange> burst;
    for (int i = 0; i < 500; ++i) {
        Instance instance = randomInstance(m_random, m_serial++);
        instance.app = u"MIDDLE"_qs;
        instance.serviceId = u"svc-MIDDLE"_qs;
        burst << changeOf(RegistryChange::Kind::Registered, instance);
    }
    m_model->applyInBulk(burst);
    check("a new app");
    QCOMPARE(insertions.size(), 1);
    QCOMPARE(insertions.last().at(2).toInt() - insertions.last().at(1).toInt() + 1, 500);
    QCOMPARE(layouts.size(), 1);

    for (auto &change : burst)
        change.kind = RegistryChange::Kind::Cancelled;
    m_model->applyInBulk(burst);
    check("the new app cancelled");
    QCOMPARE(removals.size(), 1);
    QCOMPARE(removals.last().at(2).toInt() - removals.last().at(1).toInt() + 1, 500);
    QCOMPARE(layouts.size(), 1);
}

void TestInstanceFilterModel::heartbeatReplacesOnlyItsRow()
{
    QList<Instance> instances;
    for (int i = 0; i < 1000; ++i)
        instances << randomInstance(m_random, m_serial++);
    m_model->reset(instances);
    QSignalSpy layouts(m_proxy.get(), &QAbstractItemModel::layoutChanged);
    QSignalSpy changed(m_proxy.get(), &QAbstractItemModel::dataChanged);

    // Sorted by service, a heartbeat moves nothing: one dataChanged, for that row's two cells.
    const Instance renewed = *m_model->instanceAt(321);
    const int shownAt = m_proxy->mapFromSource(m_model->index(321, 0)).row();
    const QList<int> before = proxyOrder(*m_proxy);
    m_model->applyHeartbeat({renewed.app, renewed.instanceId, 5'000'000, 1});
    QCOMPARE(proxyOrder(*m_proxy), before);
    QCOMPARE(layouts.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.last().at(0).toModelIndex(), m_proxy->index(shownAt, InstanceModel::HeartbeatColumn));
    QCOMPARE(changed.last().at(1).toModelIndex(), m_proxy->index(shownAt, InstanceModel::LeaseColumn));

    // Sorted by the last heartbeat, the renewed row moves to the end and no other row moves.
    m_column = InstanceModel::HeartbeatColumn;
    m_proxy->sort(m_column);
    layouts.clear();
    const QList<int> sorted = proxyOrder(*m_proxy);
    const Instance next = *m_model->instanceAt(500);
    m_model->applyHeartbeat({next.app, next.instanceId, 6'000'000, 1});
    check("renewed, sorted by heartbeat");
    QList<int> expected = sorted;
    expected.removeOne(500);
    expected.append(500);
    QCOMPARE(proxyOrder(*m_proxy), expected);
    QCOMPARE(layouts.size(), 1);

    // A heartbeat that leaves its row between the same neighbours moves nothing.
    layouts.clear();
    m_model->applyHeartbeat({next.app, next.instanceId, 6'000'001, 1});
    QCOMPARE(proxyOrder(*m_proxy), expected);
    QCOMPARE(layouts.size(), 0);
}

void TestInstanceFilterModel::currentAndSelectionSurviveABlock()
{
    QList<Instance> instances;
    for (int i = 0; i < 2000; ++i)
        instances << randomInstance(m_random, m_serial++);
    m_model->reset(instances);
    QItemSelectionModel selection(m_proxy.get());
    const QModelIndex current = m_proxy->index(700, InstanceModel::IdColumn);
    const QString currentId = idAt(current);
    selection.setCurrentIndex(current, QItemSelectionModel::NoUpdate);
    QSet<QString> selected;
    for (const int row : {10, 11, 12, 900, 1500}) {
        selection.select(m_proxy->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        selected << idAt(m_proxy->index(row, 0));
    }
    const auto selectedIds = [&] {
        QSet<QString> ids;
        for (const QModelIndex &row : selection.selectedRows())
            ids << idAt(row);
        return ids;
    };
    QCOMPARE(selectedIds(), selected);

    // Scattered cancels of none of them, and registrations.
    QList<RegistryChange> block;
    for (int row = 0; row < m_model->rowCount(); row += 13) {
        const Instance *instance = m_model->instanceAt(row);
        if (!selected.contains(instance->instanceId) && instance->instanceId != currentId)
            block << changeOf(RegistryChange::Kind::Cancelled, *instance);
    }
    for (int i = 0; i < 100; ++i)
        block << changeOf(RegistryChange::Kind::Registered, randomInstance(m_random, m_serial++));
    m_model->applyInBulk(block);
    check("a block elsewhere");
    QVERIFY(selection.currentIndex().isValid());
    QCOMPARE(idAt(selection.currentIndex()), currentId);
    QCOMPARE(selectedIds(), selected);

    // A selected row cancelled leaves the selection; the others stay.
    const Instance *first = m_model->instanceAt(0);
    QList<RegistryChange> cancels = {changeOf(RegistryChange::Kind::Cancelled, *first)};
    for (int row = 50; row < 60; ++row)
        cancels << changeOf(RegistryChange::Kind::Cancelled, *m_model->instanceAt(row * 17));
    selection.select(m_proxy->mapFromSource(m_model->index(0, 0)), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    selected << first->instanceId;
    QCOMPARE(selectedIds(), selected);
    selected.remove(first->instanceId);
    for (const auto &cancel : std::as_const(cancels))
        selected.remove(cancel.instance.instanceId);
    const bool currentCancelled = std::any_of(cancels.cbegin(), cancels.cend(),
                                              [&](const RegistryChange &c) { return c.instance.instanceId == currentId; });
    m_model->applyInBulk(cancels);
    check("a selected row cancelled");
    QCOMPARE(selectedIds(), selected);
    if (!currentCancelled)
        QCOMPARE(idAt(selection.currentIndex()), currentId);
}

QTEST_MAIN(TestInstanceFilterModel)
#include "tst_instancefiltermodel.moc"
