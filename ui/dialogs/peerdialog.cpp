// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/peerdialog.h"

#include "registrysource.h"
#include "dialogs/formcheck.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

PeerDialog::PeerDialog(const QList<RegistrySource *> &nodes, bool link, QWidget *parent)
    : QDialog(parent)
    , m_first(new QComboBox(this))
    , m_second(new QComboBox(this))
    , m_error(FormCheck::errorLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(link ? tr("Link peers") : tr("Unlink peers"));
    for (auto *node : nodes) {
        const QString label = tr("%1 (%2)").arg(node->name(), node->address());
        m_first->addItem(label, QVariant::fromValue<QObject *>(node));
        m_second->addItem(label, QVariant::fromValue<QObject *>(node));
    }
    if (m_second->count() > 1)
        m_second->setCurrentIndex(1);
    auto *form = new QFormLayout;
    form->addRow(tr("Node:"), m_first);
    form->addRow(link ? tr("Peer with:") : tr("Stop peering with:"), m_second);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(link ? tr("Each node will replicate its writes to the other, and the new peer is "
                                           "sent the whole registry.")
                                      : tr("The nodes stop replicating to each other; what each holds stays."),
                                 this));
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(link ? tr("Link") : tr("Unlink"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_first, &QComboBox::currentIndexChanged, this, &PeerDialog::validate);
    connect(m_second, &QComboBox::currentIndexChanged, this, &PeerDialog::validate);
    validate();
}

void PeerDialog::setFirst(RegistrySource *node)
{
    const int index = m_first->findData(QVariant::fromValue<QObject *>(node));
    if (index >= 0)
        m_first->setCurrentIndex(index);
    if (m_second->currentIndex() == index && m_second->count() > 1)
        m_second->setCurrentIndex(index == 0 ? 1 : 0);
}

RegistrySource *PeerDialog::first() const
{
    return qobject_cast<RegistrySource *>(m_first->currentData().value<QObject *>());
}

RegistrySource *PeerDialog::second() const
{
    return qobject_cast<RegistrySource *>(m_second->currentData().value<QObject *>());
}

void PeerDialog::validate()
{
    QString error;
    if (m_first->count() < 2)
        error = tr("Start at least two nodes first.");
    else if (first() == second())
        error = tr("Choose two different nodes.");
    FormCheck::show(m_error, error);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}
