"""The focus areas a plan can work on: the shared vocabulary of rules, scoring and planning."""

from __future__ import annotations

from enum import StrEnum


class FocusArea(StrEnum):
    hip = "hip"
    posterior_chain = "posterior_chain"
    calf_foot = "calf_foot"
    quadriceps = "quadriceps"
    trunk = "trunk"
    balance_ankle = "balance_ankle"
    power = "power"
    bone = "bone"


FOCUS_TITLES = {
    FocusArea.hip: "Hip strength and stability",
    FocusArea.posterior_chain: "Posterior chain (glutes, hamstrings)",
    FocusArea.calf_foot: "Calves, Achilles and foot",
    FocusArea.quadriceps: "Quadriceps, incl. eccentric work for downhills",
    FocusArea.trunk: "Trunk (front, side, back)",
    FocusArea.balance_ankle: "Single-leg balance and ankle stability",
    FocusArea.power: "Power and plyometrics",
    FocusArea.bone: "Bone loading",
}

FOCUS_DESCRIPTIONS = {
    FocusArea.hip: "The muscles on the side of the hip keep your pelvis level and your knee "
    "tracking straight each time you land on one leg.",
    FocusArea.posterior_chain: "Glutes and hamstrings drive you forward; hamstrings are often "
    "weak next to the quads, and a strain tends to come back.",
    FocusArea.calf_foot: "Your calves and Achilles take several times your body weight each "
    "stride; strong ones protect the tendon and the foot.",
    FocusArea.quadriceps: "The front of the thigh brakes every downhill step; eccentric work "
    "prepares it for descents and protects the knee.",
    FocusArea.trunk: "A strong trunk (front, sides and back) holds your posture late in a run "
    "and helps with low-back and hip pain.",
    FocusArea.balance_ankle: "Balance on one leg trains the ankle to react on uneven ground "
    "and lowers the chance of another sprain.",
    FocusArea.power: "Jumps and explosive lifts make each stride more springy and improve "
    "running economy, especially over 5 and 10 km.",
    FocusArea.bone: "Heavy lifting and impact load build bone, which matters more with age, "
    "after a bone stress injury, and for female runners.",
}
