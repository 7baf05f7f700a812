// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/divergencedialog.h"

#include "api/registryconnection.h"
#include "workspace.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

DivergenceDialog::DivergenceDialog(Workspace *workspace, RegistryConnection *first, RegistryConnection *second,
                                   QWidget *parent)
    : QDialog {parent}
    , m_workspace {workspace}
    , m_first {first}
    , m_second {second}
    , m_summary {new QLabel(this)}
    , m_differences {new QTreeWidget(this)}
{
    setWindowTitle(tr("Divergence of %1 and %2").arg(first->name(), second->name()));
    m_differences->setHeaderLabels({tr("Application"), tr("Instance"), tr("How they differ")});
    m_differences->setRootIsDecorated(false);
    m_differences->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *again = buttons->addButton(tr("&Refresh"), QDialogButtonBox::ActionRole);
    connect(again, &QPushButton::clicked, this, &DivergenceDialog::refresh);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_differences, 1);
    layout->addWidget(buttons);
    resize(640, 400);
    refresh();
}

void DivergenceDialog::refresh()
{
    if (!m_first || !m_second) {
        m_summary->setText(tr("One of the nodes is gone."));
        return;
    }
    m_summary->setText(tr("Comparing…"));
    const bool started = m_workspace->measureDivergence(m_first, m_second, this,
                                                        [this](const Divergence &divergence) { showDivergence(divergence); });
    if (!started)
        m_summary->setText(tr("Only two nodes of this console can be compared."));
}

void DivergenceDialog::showDivergence(const Divergence &divergence)
{
    m_differences->clear();
    const QString first = m_first ? m_first->name() : QString();
    const QString second = m_second ? m_second->name() : QString();
    for (const Divergence::Difference &difference : divergence.differences) {
        QString how;
        switch (difference.kind) {
        case Divergence::Difference::Kind::OnlyFirst: how = tr("only on %1").arg(first); break;
        case Divergence::Difference::Kind::OnlySecond: how = tr("only on %1").arg(second); break;
        case Divergence::Difference::Kind::Differs: how = tr("differs in %1").arg(difference.fields.join(u", ")); break;
        }
        new QTreeWidgetItem(m_differences, {difference.app, difference.instanceId, how});
    }
    m_summary->setText(divergence.count() == 0 ? tr("%1 and %2 agree on every instance.").arg(first, second)
                                               : tr("%1 and %2 disagree on %n instance(s).", nullptr, int(divergence.count()))
                                                     .arg(first, second));
    emit measured(divergence.count());
}
