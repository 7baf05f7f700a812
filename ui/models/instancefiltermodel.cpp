// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/instancefiltermodel.h"

#include "models/instancemodel.h"

#include <QItemSelection>

#include <algorithm>
#include <numeric>

namespace {
// What the filter reads: everything but the heartbeat, the lease and the gateway's traffic, which a
// heartbeat or a traffic reading changes on their own.
bool filterReads(int column)
{
    return column != InstanceModel::HeartbeatColumn && column != InstanceModel::LeaseColumn
        && column != InstanceModel::TrafficColumn;
}

// Up to this many changed rows are checked against their neighbours alone; more take the one pass.
constexpr qsizetype placedAlone = 16;

void sortUnique(QList<int> &rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
}

QList<int> inverseOf(const QList<int> &order, int sourceRows)
{
    QList<int> inverse(sourceRows, -1);
    for (int row = 0; row < order.size(); ++row)
        inverse[order[row]] = row;
    return inverse;
}

// Whether rows (ascending) are one run of adjacent rows.
bool adjacent(const QList<int> &rows)
{
    return !rows.isEmpty() && rows.last() - rows.first() + 1 == rows.size();
}
}

InstanceFilterModel::InstanceFilterModel(QObject *parent)
    : QAbstractProxyModel(parent)
{
}

void InstanceFilterModel::setSourceModel(QAbstractItemModel *model)
{
    beginResetModel();
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    QAbstractProxyModel::setSourceModel(model);
    m_instances = qobject_cast<const InstanceModel *>(model);
    if (model) {
        using M = QAbstractItemModel;
        m_connections = {
            connect(model, &M::rowsAboutToBeRemoved, this, &InstanceFilterModel::onSourceRowsAboutToBeRemoved),
            connect(model, &M::rowsRemoved, this, &InstanceFilterModel::onSourceRowsRemoved),
            connect(model, &M::rowsInserted, this, &InstanceFilterModel::onSourceRowsInserted),
            connect(model, &M::dataChanged, this,
                    [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                        onSourceDataChanged(topLeft, bottomRight);
                    }),
            connect(model, &M::headerDataChanged, this, &M::headerDataChanged),
            connect(model, &M::layoutAboutToBeChanged, this, [this] { onSourceLayoutAboutToBeChanged(); }),
            connect(model, &M::layoutChanged, this, [this] { onSourceLayoutChanged(); }),
            connect(model, &M::rowsAboutToBeMoved, this, [this] { onSourceLayoutAboutToBeChanged(); }),
            connect(model, &M::rowsMoved, this, [this] { onSourceLayoutChanged(); }),
            connect(model, &M::modelAboutToBeReset, this, &InstanceFilterModel::onSourceAboutToBeReset),
            connect(model, &M::modelReset, this, &InstanceFilterModel::onSourceReset),
            connect(model, &M::columnsAboutToBeInserted, this, &InstanceFilterModel::onSourceAboutToBeReset),
            connect(model, &M::columnsInserted, this, &InstanceFilterModel::onSourceReset),
            connect(model, &M::columnsAboutToBeRemoved, this, &InstanceFilterModel::onSourceAboutToBeReset),
            connect(model, &M::columnsRemoved, this, &InstanceFilterModel::onSourceReset),
        };
        if (m_instances) {
            m_connections << connect(m_instances, &InstanceModel::blockAboutToBeApplied, this,
                                     &InstanceFilterModel::onBlockAboutToBeApplied);
            m_connections << connect(m_instances, &InstanceModel::blockApplied, this,
                                     &InstanceFilterModel::onBlockApplied);
        }
    }
    m_block = {};
    m_runs.clear();
    rebuild();
    endResetModel();
}

void InstanceFilterModel::setServiceKey(const QString &serviceKey)
{
    m_serviceKey = serviceKey;
    relayout(QAbstractItemModel::NoLayoutChangeHint);
}

void InstanceFilterModel::setStatus(std::optional<InstanceStatus> status)
{
    m_status = status;
    relayout(QAbstractItemModel::NoLayoutChangeHint);
}

void InstanceFilterModel::setHostFilter(const QString &text)
{
    m_host = text.trimmed();
    relayout(QAbstractItemModel::NoLayoutChangeHint);
}

void InstanceFilterModel::setMetadataFilter(const QString &text)
{
    m_metadata = text.trimmed();
    relayout(QAbstractItemModel::NoLayoutChangeHint);
}

void InstanceFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    relayout(QAbstractItemModel::NoLayoutChangeHint);
}

void InstanceFilterModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = std::max(-1, column);
    m_sortOrder = order;
    relayout(QAbstractItemModel::VerticalSortHint);
}

bool InstanceFilterModel::filtering() const
{
    return !m_serviceKey.isEmpty() || m_status || !m_host.isEmpty() || !m_metadata.isEmpty() || !m_text.isEmpty();
}

bool InstanceFilterModel::filterAcceptsRow(int sourceRow) const
{
    const Instance *instance = m_instances ? m_instances->instanceAt(sourceRow) : nullptr;
    if (!instance)
        return sourceModel() && !m_instances;   // any other model: every row
    if (!m_serviceKey.isEmpty() && InstanceModel::serviceKeyFor(*instance) != m_serviceKey)
        return false;
    if (m_status && instance->status != *m_status)
        return false;
    if (!m_host.isEmpty() && !instance->hostName.contains(m_host, Qt::CaseInsensitive))
        return false;
    if (!m_metadata.isEmpty() && !InstanceModel::metadataText(*instance).contains(m_metadata, Qt::CaseInsensitive))
        return false;
    if (m_text.isEmpty())
        return true;
    for (const QString *field : {&instance->app, &instance->instanceId, &instance->hostName, &instance->ipAddr}) {
        if (field->contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

InstanceFilterModel::SortKey InstanceFilterModel::sortKeyOf(int sourceRow) const
{
    SortKey key;
    if (m_sortColumn < 0)
        return key;
    const QAbstractItemModel *model = sourceModel();
    const QVariant value = model->data(model->index(sourceRow, m_sortColumn), InstanceModel::SortRole);
    if (value.metaType().id() == QMetaType::QString) {
        key.isText = true;
        key.text = value.toString().toCaseFolded();
    } else {
        key.number = value.toLongLong();
    }
    return key;
}

// Numbers before texts; in descending order the keys reverse, ties stay in the source's order.
bool InstanceFilterModel::lessThan(const SortKey &a, int rowA, const SortKey &b, int rowB) const
{
    int order = 0;
    if (a.isText != b.isText)
        order = a.isText ? 1 : -1;
    else if (a.isText)
        order = a.text.compare(b.text);
    else
        order = a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
    if (m_sortOrder == Qt::DescendingOrder)
        order = -order;
    return order != 0 ? order < 0 : rowA < rowB;
}

// Whether a change to these columns may move a row or show or hide it.
bool InstanceFilterModel::touchesOrder(int firstColumn, int lastColumn) const
{
    if (m_sortColumn >= firstColumn && m_sortColumn <= lastColumn)
        return true;
    if (!filtering())
        return false;
    for (int column = firstColumn; column <= lastColumn; ++column) {
        if (filterReads(column))
            return true;
    }
    return false;
}

std::vector<std::pair<InstanceFilterModel::SortKey, int>> InstanceFilterModel::sortedAcceptedRows(const QList<int> &rows) const
{
    std::vector<std::pair<SortKey, int>> keyed;
    keyed.reserve(rows.size());
    for (const int row : rows) {
        if (filterAcceptsRow(row))
            keyed.emplace_back(sortKeyOf(row), row);
    }
    std::sort(keyed.begin(), keyed.end(),
              [this](const auto &a, const auto &b) { return lessThan(a.first, a.second, b.first, b.second); });
    return keyed;
}

void InstanceFilterModel::rebuild()
{
    const int sourceRows = sourceModel() ? sourceModel()->rowCount() : 0;
    QList<int> rows(sourceRows);
    std::iota(rows.begin(), rows.end(), 0);
    QList<int> order;
    order.reserve(sourceRows);
    for (const auto &[key, row] : sortedAcceptedRows(rows))
        order.append(row);
    setOrder(std::move(order), sourceRows);
}

void InstanceFilterModel::setOrder(QList<int> order, int sourceRows)
{
    m_sourceToProxy = inverseOf(order, sourceRows);
    m_proxyToSource = std::move(order);
}

// A new filter or sort: every row placed again, as one layout change.
void InstanceFilterModel::relayout(QAbstractItemModel::LayoutChangeHint hint)
{
    emit layoutAboutToBeChanged({}, hint);
    const QModelIndexList from = persistentIndexList();
    QList<int> sourceRows;
    sourceRows.reserve(from.size());
    for (const QModelIndex &index : from)
        sourceRows << m_proxyToSource.value(index.row(), -1);
    rebuild();
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype i = 0; i < from.size(); ++i) {
        const int row = sourceRows[i] < 0 ? -1 : m_sourceToProxy.value(sourceRows[i], -1);
        to << (row < 0 ? QModelIndex() : createIndex(row, from[i].column()));
    }
    changePersistentIndexList(from, to);
    emit layoutChanged({}, hint);
}

QModelIndex InstanceFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !sourceModel() || proxyIndex.row() >= m_proxyToSource.size())
        return {};
    return sourceModel()->index(m_proxyToSource[proxyIndex.row()], proxyIndex.column());
}

QModelIndex InstanceFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != sourceModel() || sourceIndex.row() >= m_sourceToProxy.size())
        return {};
    const int row = m_sourceToProxy[sourceIndex.row()];
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

// Row by row: rows adjacent in one model need not be in the other.
QItemSelection InstanceFilterModel::mapSelectionToSource(const QItemSelection &selection) const
{
    QItemSelection mapped;
    for (const QItemSelectionRange &range : selection) {
        for (int row = range.top(); row <= range.bottom(); ++row) {
            const QModelIndex left = mapToSource(index(row, range.left()));
            if (left.isValid())
                mapped.append({left, left.siblingAtColumn(range.right())});
        }
    }
    return mapped;
}

QItemSelection InstanceFilterModel::mapSelectionFromSource(const QItemSelection &selection) const
{
    QItemSelection mapped;
    for (const QItemSelectionRange &range : selection) {
        for (int row = range.top(); row <= range.bottom(); ++row) {
            const QModelIndex left = mapFromSource(range.model()->index(row, range.left()));
            if (left.isValid())
                mapped.append({left, index(left.row(), range.right())});
        }
    }
    return mapped;
}

QModelIndex InstanceFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex InstanceFilterModel::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex InstanceFilterModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int InstanceFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_proxyToSource.size());
}

int InstanceFilterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

bool InstanceFilterModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && rowCount() > 0 && columnCount() > 0;
}

// A row's number in the view, not the source's, as QSortFilterProxyModel numbers them.
QVariant InstanceFilterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && sourceModel())
        return sourceModel()->headerData(section, orientation, role);
    if (orientation == Qt::Vertical && role == Qt::DisplayRole)
        return section + 1;
    return {};
}

void InstanceFilterModel::onBlockAboutToBeApplied()
{
    m_block.open = true;
}

void InstanceFilterModel::onBlockApplied()
{
    m_block.open = false;
    finishBlock();
}

// The view must hear of a removal while the source still holds the rows: as the removal of one run
// when that is all this is, otherwise as the start of the block's one layout change.
void InstanceFilterModel::onSourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid() || m_block.layoutBegun)
        return;
    QList<int> shown;
    for (int row = first; row <= last; ++row) {
        const int old = oldRowOf(row);
        if (old >= 0 && m_sourceToProxy[old] >= 0)
            shown << m_sourceToProxy[old];
    }
    if (shown.isEmpty())
        return;
    std::sort(shown.begin(), shown.end());
    if (!m_block.open && !m_block.tracking && adjacent(shown)) {
        beginRemoveRows({}, shown.first(), shown.last());
        m_block.removalBegun = true;
        return;
    }
    beginLayout();
}

void InstanceFilterModel::onSourceRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    trackRuns();
    removeFromRuns(first, last - first + 1);
    if (!m_block.open)
        finishBlock();
}

void InstanceFilterModel::onSourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    trackRuns();
    insertIntoRuns(first, last - first + 1);
    if (!m_block.open)
        finishBlock();
}

void InstanceFilterModel::onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (!topLeft.isValid() || topLeft.parent().isValid())
        return;
    const int firstColumn = topLeft.column();
    const int lastColumn = bottomRight.column();
    if (!m_block.tracking && !touchesOrder(firstColumn, lastColumn)) {
        // Nothing moves: passed on as one range over the rows shown.
        int top = -1;
        int bottom = -1;
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
            const int shown = m_sourceToProxy.value(row, -1);
            if (shown < 0)
                continue;
            top = top < 0 ? shown : std::min(top, shown);
            bottom = std::max(bottom, shown);
        }
        if (top >= 0)
            emit dataChanged(index(top, firstColumn), index(bottom, lastColumn));
        return;
    }
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
        noteChanged(oldRowOf(row), firstColumn, lastColumn);
    if (!m_block.open)
        finishBlock();
}

void InstanceFilterModel::onSourceLayoutAboutToBeChanged()
{
    emit layoutAboutToBeChanged();
    m_layoutProxy = persistentIndexList();
    m_layoutSource.clear();
    for (const QModelIndex &index : std::as_const(m_layoutProxy))
        m_layoutSource << QPersistentModelIndex(mapToSource(index));
}

void InstanceFilterModel::onSourceLayoutChanged()
{
    rebuild();
    QModelIndexList to;
    to.reserve(m_layoutSource.size());
    for (const QPersistentModelIndex &source : std::as_const(m_layoutSource))
        to << mapFromSource(source);
    changePersistentIndexList(m_layoutProxy, to);
    m_layoutProxy.clear();
    m_layoutSource.clear();
    emit layoutChanged();
}

void InstanceFilterModel::onSourceAboutToBeReset()
{
    beginResetModel();
}

void InstanceFilterModel::onSourceReset()
{
    m_block = {};
    m_runs.clear();
    rebuild();
    endResetModel();
}

// From the block's first insertion or removal on, the source's rows are followed as runs of the rows
// it had before and of the rows it inserted; the index still numbers rows as before the block.
void InstanceFilterModel::trackRuns()
{
    if (m_block.tracking)
        return;
    m_block.tracking = true;
    m_block.oldRows = int(m_sourceToProxy.size());
    m_runs.clear();
    if (m_block.oldRows > 0)
        m_runs.push_back({0, m_block.oldRows});
}

void InstanceFilterModel::removeFromRuns(int first, int count)
{
    const int end = first + count;
    std::vector<Run> runs;
    runs.reserve(m_runs.size() + 1);
    int position = 0;
    for (const Run &run : m_runs) {
        const int runEnd = position + run.count;
        if (runEnd <= first || position >= end) {
            runs.push_back(run);
        } else {
            const int head = std::max(0, first - position);
            const int tail = std::max(0, runEnd - end);
            if (head > 0)
                runs.push_back({run.oldFirst, head});
            if (tail > 0)
                runs.push_back({run.oldFirst < 0 ? -1 : run.oldFirst + run.count - tail, tail});
        }
        position = runEnd;
    }
    m_runs = std::move(runs);
}

void InstanceFilterModel::insertIntoRuns(int first, int count)
{
    std::vector<Run> runs;
    runs.reserve(m_runs.size() + 2);
    int position = 0;
    bool inserted = false;
    for (const Run &run : m_runs) {
        if (!inserted && first <= position) {
            runs.push_back({-1, count});
            inserted = true;
        } else if (!inserted && first < position + run.count) {
            const int head = first - position;
            runs.push_back({run.oldFirst, head});
            runs.push_back({-1, count});
            runs.push_back({run.oldFirst < 0 ? -1 : run.oldFirst + head, run.count - head});
            inserted = true;
            position += run.count;
            continue;
        }
        runs.push_back(run);
        position += run.count;
    }
    if (!inserted)
        runs.push_back({-1, count});
    m_runs = std::move(runs);
}

// The row's number before the block, or -1 for a row the block inserted.
int InstanceFilterModel::oldRowOf(int sourceRow) const
{
    if (!m_block.tracking)
        return sourceRow;
    int position = 0;
    for (const Run &run : m_runs) {
        if (sourceRow < position + run.count)
            return run.oldFirst < 0 ? -1 : run.oldFirst + sourceRow - position;
        position += run.count;
    }
    return -1;
}

// For each row numbered as before the block, its number now (-1: removed); and the rows inserted.
QList<int> InstanceFilterModel::newRowsOfOld(QList<int> *inserted) const
{
    QList<int> newRows(m_block.oldRows, -1);
    int position = 0;
    for (const Run &run : m_runs) {
        for (int i = 0; i < run.count; ++i) {
            if (run.oldFirst < 0)
                inserted->append(position + i);
            else
                newRows[run.oldFirst + i] = position + i;
        }
        position += run.count;
    }
    return newRows;
}

void InstanceFilterModel::noteChanged(int oldRow, int firstColumn, int lastColumn)
{
    if (oldRow >= 0)
        m_block.changed << oldRow;
    m_block.firstColumn = m_block.firstColumn < 0 ? firstColumn : std::min(m_block.firstColumn, firstColumn);
    m_block.lastColumn = std::max(m_block.lastColumn, lastColumn);
}

void InstanceFilterModel::beginLayout()
{
    emit layoutAboutToBeChanged();
    m_block.layoutBegun = true;
    m_block.persistent = persistentIndexList();
    m_block.persistentSource.clear();
    m_block.persistentSource.reserve(m_block.persistent.size());
    for (const QModelIndex &index : std::as_const(m_block.persistent))
        m_block.persistentSource.append({m_proxyToSource[index.row()], index.column()});
}

void InstanceFilterModel::endLayout(const QList<int> *newRowsOfOld)
{
    QModelIndexList to;
    to.reserve(m_block.persistent.size());
    for (const auto &[oldRow, column] : std::as_const(m_block.persistentSource)) {
        const int row = newRowsOfOld ? newRowsOfOld->value(oldRow, -1) : oldRow;
        const int shown = row < 0 ? -1 : m_sourceToProxy.value(row, -1);
        to << (shown < 0 ? QModelIndex() : createIndex(shown, column));
    }
    changePersistentIndexList(m_block.persistent, to);
    emit layoutChanged();
}

// A few changed rows, no row inserted or removed: when each is still shown or hidden as it was, and
// still sorts between its neighbours, nothing moves, and the view hears only of the changed cells.
bool InstanceFilterModel::placeChangedInPlace()
{
    QList<int> &changed = m_block.changed;
    sortUnique(changed);
    if (changed.size() > placedAlone)
        return false;
    const auto isChanged = [&changed](int row) { return std::binary_search(changed.cbegin(), changed.cend(), row); };
    for (const int row : std::as_const(changed)) {
        const int shown = m_sourceToProxy[row];
        if ((shown >= 0) != filterAcceptsRow(row))
            return false;
        if (shown < 0)
            continue;
        if (shown > 0) {
            const int before = m_proxyToSource[shown - 1];
            if (isChanged(before) || !rowLessThan(before, row))
                return false;
        }
        if (shown + 1 < m_proxyToSource.size()) {
            const int after = m_proxyToSource[shown + 1];
            if (isChanged(after) || !rowLessThan(row, after))
                return false;
        }
    }
    emitChanged(changed);
    return true;
}

// The block in one pass: the rows it removed and changed come out of the index, its new and changed
// rows are sorted and merged back in, each where a binary search over the rest puts it.
void InstanceFilterModel::finishBlock()
{
    if (!m_block.tracking && !m_block.layoutBegun && !m_block.removalBegun
        && (m_block.changed.isEmpty() || placeChangedInPlace())) {
        m_block = {};
        return;
    }
    QList<int> inserted;
    const QList<int> newOfOld = m_block.tracking ? newRowsOfOld(&inserted) : QList<int>();
    const auto renumbered = [&](int oldRow) { return m_block.tracking ? newOfOld[oldRow] : oldRow; };
    const int sourceRows = sourceModel() ? sourceModel()->rowCount() : 0;

    std::vector<char> candidate(sourceRows, 0);
    QList<int> candidates = inserted;
    for (const int row : std::as_const(inserted))
        candidate[row] = 1;
    sortUnique(m_block.changed);
    QList<int> changedNow;
    for (const int oldRow : std::as_const(m_block.changed)) {
        const int row = renumbered(oldRow);
        if (row < 0)
            continue;
        changedNow << row;
        if (!candidate[row]) {
            candidate[row] = 1;
            candidates << row;
        }
    }
    QList<int> kept;
    kept.reserve(m_proxyToSource.size());
    for (const int oldRow : std::as_const(m_proxyToSource)) {
        const int row = renumbered(oldRow);
        if (row >= 0 && !candidate[row])
            kept << row;
    }
    QList<int> order;
    order.reserve(kept.size() + candidates.size());
    auto from = kept.cbegin();
    for (const auto &[key, row] : sortedAcceptedRows(candidates)) {
        const auto to = std::partition_point(from, kept.cend(), [&](int keptRow) {
            return lessThan(sortKeyOf(keptRow), keptRow, key, row);
        });
        order.append(from, to);
        order.append(row);
        from = to;
    }
    order.append(from, kept.cend());

    if (m_block.removalBegun) {
        setOrder(std::move(order), sourceRows);
        endRemoveRows();
    } else if (m_block.layoutBegun) {
        setOrder(std::move(order), sourceRows);
        endLayout(&newOfOld);
    } else {
        // No row the view shows was removed: the index as it was, renumbered, is still true of the
        // source. Say which rows left and which came; if the others kept their order and either is
        // one run, that is the signal, otherwise a layout change.
        QList<int> before;
        before.reserve(m_proxyToSource.size());
        for (const int oldRow : std::as_const(m_proxyToSource))
            before << renumbered(oldRow);
        setOrder(before, sourceRows);
        const QList<int> after = inverseOf(order, sourceRows);
        QList<int> leaving;
        QList<int> entering;
        for (int row = 0; row < before.size(); ++row) {
            if (after[before[row]] < 0)
                leaving << row;
        }
        for (int row = 0; row < order.size(); ++row) {
            if (m_sourceToProxy[order[row]] < 0)
                entering << row;
        }
        bool moved = false;
        for (qsizetype i = 0, j = 0; !moved;) {
            while (i < before.size() && after[before[i]] < 0)
                ++i;
            while (j < order.size() && m_sourceToProxy[order[j]] < 0)
                ++j;
            if (i == before.size() || j == order.size()) {
                moved = (i == before.size()) != (j == order.size());
                break;
            }
            moved = before[i++] != order[j++];
        }
        if (!moved && leaving.isEmpty() && entering.isEmpty()) {
            setOrder(std::move(order), sourceRows);
        } else if (!moved && leaving.isEmpty() && adjacent(entering)) {
            beginInsertRows({}, entering.first(), entering.last());
            setOrder(std::move(order), sourceRows);
            endInsertRows();
        } else if (!moved && entering.isEmpty() && adjacent(leaving)) {
            beginRemoveRows({}, leaving.first(), leaving.last());
            setOrder(std::move(order), sourceRows);
            endRemoveRows();
        } else {
            beginLayout();
            setOrder(std::move(order), sourceRows);
            endLayout(nullptr);
        }
    }
    emitChanged(changedNow);
    m_block = {};
    m_runs.clear();
}

// dataChanged for the changed rows still shown, over the columns the changes touched: row by row
// for a few, as one range over them for many.
void InstanceFilterModel::emitChanged(const QList<int> &sourceRows)
{
    if (m_block.firstColumn < 0)
        return;
    QList<int> shown;
    for (const int row : sourceRows) {
        if (m_sourceToProxy.value(row, -1) >= 0)
            shown << m_sourceToProxy[row];
    }
    if (shown.isEmpty())
        return;
    if (shown.size() > placedAlone) {
        const auto [top, bottom] = std::minmax_element(shown.cbegin(), shown.cend());
        emit dataChanged(index(*top, m_block.firstColumn), index(*bottom, m_block.lastColumn));
        return;
    }
    for (const int row : std::as_const(shown))
        emit dataChanged(index(row, m_block.firstColumn), index(row, m_block.lastColumn));
}
