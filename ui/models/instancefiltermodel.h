// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/instancestatus.h"

#include <QAbstractProxyModel>
#include <QList>

#include <optional>
#include <utility>
#include <vector>

class InstanceModel;

// The instance table as the user narrows it: one service or all, one status or all, a host and a
// metadata text, and free text over service, id, host and ip. Sorts by any column through
// InstanceModel::SortRole, case-insensitively, ties in the source's order.
//
// A proxy of our own, not a QSortFilterProxyModel: at 100 000 rows that one rebuilds its mapping
// once per interval of changed rows, so a block of 100 cancels scattered over the table cost 100
// passes over every row. This one keeps the accepted source rows in one sorted index and takes a
// whole block of the source's changes (InstanceModel::blockAboutToBeApplied … blockApplied) in one
// pass, O(rows + block log rows): the block's rows come out of the index, its new and changed rows
// are sorted and merged back in, and the view hears of it once: as one insertion or removal when the
// block is one run of adjacent rows in the view's order, otherwise as one layout change that carries
// the current row and the selection along. A heartbeat that moves no row in the current order is
// passed on as the dataChanged it is.
class InstanceFilterModel : public QAbstractProxyModel
{
    Q_OBJECT

public:
    explicit InstanceFilterModel(QObject *parent = nullptr);

    void setServiceKey(const QString &serviceKey);
    QString serviceKey() const { return m_serviceKey; }
    void setStatus(std::optional<InstanceStatus> status);
    void setHostFilter(const QString &text);
    void setMetadataFilter(const QString &text);
    void setText(const QString &text);

    // Column -1: the source's order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

    void setSourceModel(QAbstractItemModel *model) override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QItemSelection mapSelectionToSource(const QItemSelection &selection) const override;
    QItemSelection mapSelectionFromSource(const QItemSelection &selection) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // A source row's place in the order: its sort key, then its row.
    struct SortKey
    {
        QString text;                  // case-folded
        qint64 number = 0;
        bool isText = false;
    };
    // The source's rows during a block, as runs of rows it had before the block (from oldFirst) and
    // runs it inserted (oldFirst -1); what the block removed is in no run.
    struct Run
    {
        int oldFirst;
        int count;
    };
    // The source's changes since the block began, not yet in the index.
    struct Block
    {
        bool open = false;             // between the source's blockAboutToBeApplied and blockApplied
        bool tracking = false;         // rows were inserted or removed: m_runs holds the source's rows
        bool layoutBegun = false;      // layoutAboutToBeChanged was sent
        bool removalBegun = false;     // beginRemoveRows was sent for the one run the block removes
        int oldRows = 0;               // the source's rows when the block began
        QList<int> changed;            // rows (numbered as before the block) whose sort key or filter may differ
        int firstColumn = -1;          // the columns changes touched, for dataChanged
        int lastColumn = -1;
        QModelIndexList persistent;    // the persistent indexes when the layout change began
        QList<QPair<int, int>> persistentSource;   // their source row (before the block) and column
    };

    bool filterAcceptsRow(int sourceRow) const;
    SortKey sortKeyOf(int sourceRow) const;
    bool lessThan(const SortKey &a, int rowA, const SortKey &b, int rowB) const;
    bool rowLessThan(int rowA, int rowB) const { return lessThan(sortKeyOf(rowA), rowA, sortKeyOf(rowB), rowB); }
    bool touchesOrder(int firstColumn, int lastColumn) const;
    std::vector<std::pair<SortKey, int>> sortedAcceptedRows(const QList<int> &rows) const;
    bool filtering() const;
    void rebuild();
    void relayout(QAbstractItemModel::LayoutChangeHint hint);

    void onSourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onSourceRowsRemoved(const QModelIndex &parent, int first, int last);
    void onSourceRowsInserted(const QModelIndex &parent, int first, int last);
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void onSourceLayoutAboutToBeChanged();
    void onSourceLayoutChanged();
    void onSourceAboutToBeReset();
    void onSourceReset();
    void onBlockAboutToBeApplied();
    void onBlockApplied();

    void trackRuns();
    void removeFromRuns(int first, int count);
    void insertIntoRuns(int first, int count);
    int oldRowOf(int sourceRow) const;
    void noteChanged(int oldRow, int firstColumn, int lastColumn);
    void beginLayout();
    void endLayout(const QList<int> *newRowsOfOld);
    void setOrder(QList<int> order, int sourceRows);
    bool placeChangedInPlace();
    void finishBlock();
    QList<int> newRowsOfOld(QList<int> *inserted) const;
    void emitChanged(const QList<int> &sourceRows);

    QList<int> m_proxyToSource;        // the sorted index: the accepted source rows in the view's order
    QList<int> m_sourceToProxy;        // per source row, its row in the view, or -1 when filtered out
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    Block m_block;
    std::vector<Run> m_runs;
    QList<QPersistentModelIndex> m_layoutSource;   // across a source layout change
    QModelIndexList m_layoutProxy;
    QList<QMetaObject::Connection> m_connections;
    const InstanceModel *m_instances = nullptr;

    QString m_serviceKey;
    std::optional<InstanceStatus> m_status;
    QString m_host;
    QString m_metadata;
    QString m_text;
};
