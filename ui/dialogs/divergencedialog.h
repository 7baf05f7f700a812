// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/divergence.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QTreeWidget;
class RegistryConnection;
class Workspace;

// The divergence of two local nodes (docs/faults.md): which instances they disagree on, and how —
// held by one only, or held by both with different fields. Measured off the GUI thread from a
// snapshot of each; Refresh measures again.
class DivergenceDialog : public QDialog
{
    Q_OBJECT

public:
    DivergenceDialog(Workspace *workspace, RegistryConnection *first, RegistryConnection *second, QWidget *parent = nullptr);

    void refresh();
    QTreeWidget *differences() const { return m_differences; }

signals:
    void measured(qsizetype count);

private:
    void showDivergence(const Divergence &divergence);

    Workspace *m_workspace;
    QPointer<RegistryConnection> m_first;
    QPointer<RegistryConnection> m_second;
    QLabel *m_summary;
    QTreeWidget *m_differences;
};
