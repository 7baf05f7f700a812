// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/registrymirror.h"

#include <QWidget>

#include <deque>

// The node's renewals per minute over time against self-preservation's threshold: when the line
// falls under the dashed one, the node stops expiring leases.
class RenewalRateChart : public QWidget
{
    Q_OBJECT

public:
    explicit RenewalRateChart(QWidget *parent = nullptr);

    void setSamples(const std::deque<RegistryMirror::RateSample> &samples);
    QSize sizeHint() const override { return {600, 180}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::deque<RegistryMirror::RateSample> m_samples;
};
