// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/bridgestate.h"

#include <QDialog>
#include <QStringList>
#include <QUrl>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

// Asks which external registry a node should bridge to: an Eureka server by its service URL, or a
// Service-Center by its root. The URL is checked as it is typed, against the node's own address and
// the bridges it has already.
class BridgeDialog : public QDialog
{
    Q_OBJECT

public:
    BridgeDialog(const QString &nodeName, const QUrl &nodeAddress, const QStringList &bridgedUrls,
                 QWidget *parent = nullptr);

    BridgeState::Kind kind() const;
    QUrl url() const;
    // The problem shown under the URL, or an empty string when it can be bridged to.
    QString problem() const { return m_problem; }

private:
    QString problemWith(BridgeState::Kind kind, const QString &text) const;
    bool isNodeItself(const QUrl &url) const;
    void onKindChanged();
    void validate();

    QUrl m_nodeAddress;
    QStringList m_bridgedUrls;
    QComboBox *m_kind;
    QLineEdit *m_url;
    QLabel *m_error;
    QLabel *m_hint;
    QDialogButtonBox *m_buttons;
    QString m_problem;
};
