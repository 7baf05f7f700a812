// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class RegistryConnection;

// Chooses two running local nodes to link as peers of each other, or to unlink.
class PeerDialog : public QDialog
{
    Q_OBJECT

public:
    PeerDialog(const QList<RegistryConnection *> &nodes, bool link, QWidget *parent = nullptr);

    void setFirst(RegistryConnection *node);
    RegistryConnection *first() const;
    RegistryConnection *second() const;

private:
    void validate();

    QComboBox *m_first;
    QComboBox *m_second;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};
