/**
 * The demo's volunteers and time bank obey the rules their services enforce (docs/domain.md §5):
 * real-name registration with valid ID numbers, a guardian's consent for a minor, teams with one
 * owner and a leader, services certified by whoever organized them and never by the person
 * serving, no two services of one person overlapping, corrections naming what they correct, and a
 * ledger whose entries balance per unit and whose accounts never go below their floors. Pure: no
 * database.
 */
import { describe, expect, it } from 'vitest';
import { type DemoDistrictPlan, demoDistricts, planDemoDistrict } from '../../src/demo/index.js';
import { containsPersonalData } from '../../src/personal-data/personal-data-scan.js';
import { familyRelations, policyDefinitions } from '../../src/policies/policy-keys.js';
import { addDays, addYears } from '../../src/services/dates.js';
import { catalogueItemKinds, transferReasons } from '../../src/time-bank/code-lists.js';
import { pointsForMinutes } from '../../src/time-bank/time-bank-rules.js';
import { parseMobilePhone, parseName, parseResidentId } from '../../src/validators/index.js';
import {
  engagementRoles,
  guardianRelations,
  recordItemKinds,
  volunteerRatings,
  volunteerSkills,
} from '../../src/volunteers/code-lists.js';
import { adultOnOf } from '../../src/volunteers/volunteer-rules.js';

const plans: { label: string; plan: DemoDistrictPlan }[] = [
  ...demoDistricts.map((district) => ({
    label: `${district.districtCode} default`,
    plan: planDemoDistrict(district),
  })),
  {
    label: '320505 seed 7, 2 × 4 communities, two in full',
    plan: planDemoDistrict({
      districtCode: '320505',
      name: '虎丘区',
      seed: 7,
      scale: { subdistricts: 2, communitiesPerSubdistrict: 4, volunteerCommunities: 2 },
    }),
  },
  {
    label: '110101 seed 3, history up to 2023-03-15',
    plan: planDemoDistrict({ districtCode: '110101', name: '东城区', seed: 3, asOf: '2023-03-15' }),
  },
];

function byId<T extends { id?: number | undefined }>(rows: readonly T[]): Map<number, T> {
  return new Map(rows.map((row) => [row.id!, row]));
}

/** The services in force: neither corrected by a later record nor a void (volunteers/services-in-force.ts). */
function inForce(plan: DemoDistrictPlan) {
  const corrected = new Set(
    plan.volunteerServices.map((s) => s.correctsServiceId).filter((id) => id != null),
  );
  return plan.volunteerServices.filter((s) => !s.isVoid && !corrected.has(s.id));
}

/** Whether a membership or engagement is open on a day. */
const openOn = (period: { from: string; until?: string | null }, day: string) =>
  period.from <= day && (period.until == null || period.until >= day);

describe('demo plan: determinism of volunteers and the time bank', () => {
  it('the same seed plans the same volunteers and points; they draw on streams of their own', () => {
    const district = demoDistricts[2];
    const plan = planDemoDistrict(district);
    expect(planDemoDistrict(district).volunteerServices).toEqual(plan.volunteerServices);
    // The areas planned before them do not move when volunteers are planned in full or not at all.
    const none = planDemoDistrict({ ...district, scale: { volunteerCommunities: 0 } });
    expect(none.volunteerServices).toEqual([]);
    expect(none.timeBankEntries).toEqual([]);
    expect(none.journalLines).toEqual(plan.journalLines);
    expect(none.socialWorkers).toEqual(plan.socialWorkers);
    // Without a community in full, every community still has its teams and their leaders.
    expect(new Set(none.volunteers.map((v) => v.homeCommunityId)).size).toBe(none.communities.length);
    expect(none.volunteerTeamMembers.every((m) => m.role === 'leader')).toBe(true);
  });
});

describe.each(plans)('demo plan $label: volunteers (docs/domain.md §5.1–§5.2)', ({ plan }) => {
  const volunteers = byId(plan.volunteers);
  const communities = byId(plan.communities);
  const teams = byId(plan.volunteerTeams);
  const organizations = byId(plan.socialOrganizations);
  const asOfDate = new Date(`${plan.asOf}T12:00:00+08:00`);
  const windowStart = addDays(addYears(plan.asOf, -1), 1);

  it('real-name registration: valid GB 11643 numbers of the district, unique; adult_on the 18th birthday; valid names and phones; codes of the lists', () => {
    const seen = new Set<string>();
    for (const volunteer of plan.volunteers) {
      const parsed = parseResidentId(volunteer.residentId, { today: asOfDate });
      expect(parsed.success, volunteer.residentId).toBe(true);
      if (!parsed.success) continue;
      expect(parsed.data.areaCode).toBe(plan.districtCode);
      expect(volunteer.adultOn).toBe(adultOnOf(parsed.data.birthDate));
      // 14 or older when they registered.
      expect(volunteer.registeredOn >= addYears(parsed.data.birthDate, 14)).toBe(true);
      expect(volunteer.registeredOn <= plan.asOf).toBe(true);
      expect(seen.has(volunteer.residentId)).toBe(false);
      seen.add(volunteer.residentId);
      expect(parseName(volunteer.name).success, volunteer.name).toBe(true);
      if (volunteer.mobilePhone !== null) expect(parseMobilePhone(volunteer.mobilePhone).success).toBe(true);
      expect(volunteer.skills.length).toBeGreaterThan(0);
      for (const skill of volunteer.skills) expect(Object.keys(volunteerSkills)).toContain(skill);
      if (volunteer.realNameVerifiedOn !== null) {
        expect(volunteer.realNameVerifiedOn >= volunteer.registeredOn).toBe(true);
        expect(volunteer.realNameVerifiedOn <= plan.asOf).toBe(true);
      }
      if (volunteer.withdrawnOn !== null) expect(volunteer.withdrawnOn >= volunteer.registeredOn).toBe(true);
      expect(communities.has(volunteer.homeCommunityId)).toBe(true);
    }
  });

  it('志愿服务条例 第十五条: a minor on the day of registration has a guardian’s consent on or before it; an adult none', () => {
    for (const volunteer of plan.volunteers) {
      const minor = volunteer.registeredOn < volunteer.adultOn;
      if (minor) {
        expect(volunteer.guardianName, `volunteer ${volunteer.id}`).not.toBeNull();
        expect(parseName(volunteer.guardianName!).success).toBe(true);
        expect(Object.keys(guardianRelations)).toContain(volunteer.guardianRelation);
        expect(volunteer.guardianConsentOn! <= volunteer.registeredOn).toBe(true);
      } else {
        expect([volunteer.guardianName, volunteer.guardianRelation, volunteer.guardianConsentOn]).toEqual([
          null,
          null,
          null,
        ]);
      }
    }
  });

  it('every community has teams, each with one owner and one leader, an adult registered by the day they lead; owning organizations serve the community', () => {
    const teamCommunity = (team: (typeof plan.volunteerTeams)[number]) => team.communityId ?? undefined;
    const names = new Set(plan.volunteerTeams.map((t) => t.name));
    expect(names.size).toBe(plan.volunteerTeams.length);
    const servedBy = new Set(plan.organizationCommunities.map((l) => `${l.organizationId}/${l.communityId}`));
    const leadersOf = new Map<number, number>();
    for (const membership of plan.volunteerTeamMembers) {
      const team = teams.get(membership.teamId)!;
      const volunteer = volunteers.get(membership.volunteerId)!;
      expect(membership.joinedOn >= volunteer.registeredOn).toBe(true);
      expect(membership.joinedOn >= team.foundedOn).toBe(true);
      expect(membership.joinedOn <= plan.asOf).toBe(true);
      if (membership.leftOn != null) expect(membership.leftOn >= membership.joinedOn).toBe(true);
      if (volunteer.withdrawnOn !== null) expect(membership.leftOn! <= volunteer.withdrawnOn).toBe(true);
      if (membership.role === 'leader') {
        leadersOf.set(team.id, (leadersOf.get(team.id) ?? 0) + 1);
        expect(membership.joinedOn >= volunteer.adultOn).toBe(true);
      }
    }
    const open = plan.volunteerTeamMembers
      .filter((m) => m.leftOn == null)
      .map((m) => `${m.teamId}/${m.volunteerId}`);
    expect(new Set(open).size).toBe(open.length);
    const communitiesWithTeams = new Set<number>();
    for (const team of plan.volunteerTeams) {
      expect((team.communityId == null) !== (team.organizationId == null)).toBe(true);
      expect(leadersOf.get(team.id)).toBe(1);
      const homes = plan.volunteerTeamMembers
        .filter((m) => m.teamId === team.id && m.role === 'leader')
        .map((m) => volunteers.get(m.volunteerId)!.homeCommunityId);
      const community = teamCommunity(team) ?? homes[0]!;
      communitiesWithTeams.add(community);
      if (team.organizationId != null) {
        const organization = organizations.get(team.organizationId)!;
        expect(servedBy.has(`${organization.id}/${homes[0]}`)).toBe(true);
        expect(organization.deregisteredOn ?? null).toBeNull();
        expect(organization.registeredOn <= team.foundedOn).toBe(true);
      }
      if (team.disbandedOn != null) expect(team.disbandedOn > team.foundedOn).toBe(true);
      expect(team.foundedOn <= plan.asOf).toBe(true);
    }
    expect(communitiesWithTeams.size).toBe(plan.communities.length);
  });

  it('engagements name the target of their role and run while the volunteer is registered', () => {
    const grids = byId(plan.grids);
    for (const engagement of plan.volunteerEngagements) {
      expect(Object.keys(engagementRoles)).toContain(engagement.role);
      const targets = {
        grid_informant: engagement.gridId,
        project_volunteer: engagement.projectId,
        community_volunteer: engagement.communityId,
        organization_volunteer: engagement.organizationId,
      };
      for (const [role, target] of Object.entries(targets)) {
        expect(target != null, `${engagement.role} names ${role}'s target`).toBe(role === engagement.role);
      }
      const volunteer = volunteers.get(engagement.volunteerId)!;
      expect(engagement.startsOn >= volunteer.registeredOn && engagement.startsOn <= plan.asOf).toBe(true);
      if (engagement.endsOn != null) expect(engagement.endsOn >= engagement.startsOn).toBe(true);
      if (volunteer.withdrawnOn !== null) expect(engagement.endsOn! <= volunteer.withdrawnOn).toBe(true);
      if (engagement.gridId != null) {
        expect(grids.get(engagement.gridId)!.communityId).toBe(volunteer.homeCommunityId);
        expect(engagement.startsOn >= volunteer.adultOn).toBe(true);
      }
    }
  });

  it('民政部令第67号: services within the year to the plan’s day while registered, certified by whoever organized them and never by the person serving, tied to a project, its activity, a grid, a team or the community', () => {
    const purchases = byId(plan.purchases);
    const contracts = byId(plan.serviceContracts);
    const activities = byId(plan.deliveryActivities);
    const grids = byId(plan.grids);
    for (const service of plan.volunteerServices) {
      const volunteer = volunteers.get(service.volunteerId)!;
      const day = service.startedAt.slice(0, 10);
      expect(day >= windowStart && day <= plan.asOf).toBe(true);
      expect(day >= volunteer.registeredOn).toBe(true);
      if (volunteer.withdrawnOn !== null) expect(day < volunteer.withdrawnOn).toBe(true);
      const span = (Date.parse(service.endedAt) - Date.parse(service.startedAt)) / 60_000;
      expect(span).toBeGreaterThan(0);
      expect(service.minutes).toBeLessThanOrEqual(span);
      expect(service.minutes > 0 || service.isVoid).toBe(true);
      expect(service.recordedAt >= service.endedAt).toBe(true);
      expect(service.recordedAt.slice(0, 10) <= plan.asOf).toBe(true);
      expect(service.communityId).toBe(volunteer.homeCommunityId);
      // One certifier, of its kind; its name as it stood.
      const certifiers = [
        service.certifierTeamId,
        service.certifierOrganizationId,
        service.certifierCommunityId,
      ];
      expect(certifiers.filter((id) => id != null)).toHaveLength(1);
      if (service.certifierKind === 'team') {
        const team = teams.get(service.certifierTeamId!)!;
        expect(service.certifierName).toBe(team.name);
        const leader = plan.volunteerTeamMembers.find(
          (m) =>
            m.teamId === team.id && m.role === 'leader' && openOn({ from: m.joinedOn, until: m.leftOn }, day),
        )!;
        expect(leader, `team ${team.id} has a leader on ${day}`).toBeDefined();
        // SELF_CERTIFICATION: the leader certifies a member's service, never their own.
        expect(leader.volunteerId).not.toBe(service.volunteerId);
        expect(service.recordedBy).toBe(`demo-volunteer-${leader.volunteerId}`);
        expect(
          plan.volunteerTeamMembers.some(
            (m) =>
              m.teamId === team.id &&
              m.volunteerId === service.volunteerId &&
              openOn({ from: m.joinedOn, until: m.leftOn }, day),
          ),
        ).toBe(true);
      } else if (service.certifierKind === 'organization') {
        const organization = organizations.get(service.certifierOrganizationId!)!;
        expect(service.certifierName).toBe(organization.name);
        expect(organization.registeredOn <= day).toBe(true);
      } else {
        expect(service.certifierKind).toBe('community');
        expect(service.certifierCommunityId).toBe(service.communityId);
        expect(service.certifierName).toBe(communities.get(service.communityId!)!.name);
      }
      if (service.projectId != null) {
        // A project volunteer of it that day, certified by the undertaker.
        expect(
          plan.volunteerEngagements.some(
            (e) =>
              e.volunteerId === service.volunteerId &&
              e.projectId === service.projectId &&
              openOn({ from: e.startsOn, until: e.endsOn }, day),
          ),
        ).toBe(true);
      }
      if (service.activityId != null) {
        const activity = activities.get(service.activityId)!;
        const contract = contracts.get(activity.contractId)!;
        expect(purchases.get(contract.purchaseId)!.projectId).toBe(service.projectId);
        expect(activity.heldOn).toBe(day);
        expect(activity.communityId).toBe(service.communityId);
        expect(service.certifierOrganizationId).toBe(contract.organizationId);
      }
      if (service.gridId != null) {
        expect(grids.get(service.gridId)!.communityId).toBe(service.communityId);
        expect(
          plan.volunteerEngagements.some(
            (e) => e.volunteerId === service.volunteerId && e.gridId === service.gridId && e.startsOn <= day,
          ),
        ).toBe(true);
      }
      for (const text of [service.content, service.place]) expect(containsPersonalData(text)).toBe(false);
    }
    for (const team of plan.volunteerTeams) expect(containsPersonalData(team.name)).toBe(false);
  });

  it('OVERLAPPING_SERVICE: no two services in force of one person overlap', () => {
    const byVolunteer = new Map<number, { startedAt: string; endedAt: string }[]>();
    for (const service of inForce(plan)) {
      byVolunteer.set(service.volunteerId, [...(byVolunteer.get(service.volunteerId) ?? []), service]);
    }
    for (const [volunteerId, services] of byVolunteer) {
      const sorted = services.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
      for (let i = 1; i < sorted.length; i++) {
        expect(
          Date.parse(sorted[i]!.startedAt) >= Date.parse(sorted[i - 1]!.endedAt),
          `volunteer ${volunteerId}`,
        ).toBe(true);
      }
    }
  });

  it('a correction names an earlier record of the same person, once, with a reason, recorded later; a void counts nothing', () => {
    const services = byId(plan.volunteerServices);
    const corrections = plan.volunteerServices.filter((s) => s.correctsServiceId != null);
    const corrected = corrections.map((s) => s.correctsServiceId);
    expect(new Set(corrected).size).toBe(corrected.length);
    for (const correction of corrections) {
      const original = services.get(correction.correctsServiceId!)!;
      expect(original.id).toBeLessThan(correction.id);
      expect(original.volunteerId).toBe(correction.volunteerId);
      expect(original.correctsServiceId ?? null).toBeNull();
      expect(correction.correctionReason!.length).toBeGreaterThan(0);
      expect(correction.recordedAt > original.recordedAt).toBe(true);
      expect([correction.certifierKind, correction.certifierName]).toEqual([
        original.certifierKind,
        original.certifierName,
      ]);
      if (correction.isVoid) expect(correction.minutes).toBe(0);
      else expect(correction.minutes).not.toBe(original.minutes);
    }
    for (const service of plan.volunteerServices) {
      if (service.correctsServiceId == null)
        expect([service.isVoid, service.correctionReason]).toEqual([false, null]);
    }
    if (plan.volunteerServices.length > 0) {
      expect(corrections.filter((s) => s.isVoid)).toHaveLength(1);
      expect(corrections.filter((s) => !s.isVoid).length).toBeGreaterThan(0);
    }
  });

  it('training, commendations and evaluations: their fields by kind, dated while registered', () => {
    for (const item of plan.volunteerRecordItems) {
      const volunteer = volunteers.get(item.volunteerId)!;
      expect(Object.keys(recordItemKinds)).toContain(item.kind);
      expect(item.occurredOn >= volunteer.registeredOn && item.occurredOn <= plan.asOf).toBe(true);
      expect(item.minutes != null).toBe(item.kind === 'training');
      expect(item.rating != null).toBe(item.kind === 'evaluation');
      if (item.rating != null) expect(Object.keys(volunteerRatings)).toContain(item.rating);
      if (item.minutes != null) expect(item.minutes >= 1 && item.minutes <= 14_400).toBe(true);
      expect(containsPersonalData(`${item.title} ${item.issuer}`)).toBe(false);
    }
  });
});

describe.each(plans)('demo plan $label: the time bank (docs/domain.md §5.5)', ({ plan }) => {
  const accounts = byId(plan.timeBankAccounts);
  const linesOf = new Map<number, typeof plan.timeBankLines>();
  for (const line of plan.timeBankLines)
    linesOf.set(line.entryId, [...(linesOf.get(line.entryId) ?? []), line]);
  const rate = plan.policyValues.find((p) => p.policyKey === 'time_bank.points_per_hour');

  it('continues the ids of the service chain’s ledger on the one ledger; its own owners and units', () => {
    expect(plan.timeBankAccounts.map((a) => a.id)).toEqual(
      plan.timeBankAccounts.map((_, i) => plan.ledgerAccounts.length + i + 1),
    );
    expect(plan.timeBankEntries.map((e) => e.id)).toEqual(
      plan.timeBankEntries.map((_, i) => plan.journalEntries.length + i + 1),
    );
    expect(plan.timeBankLines.map((l) => l.id)).toEqual(
      plan.timeBankLines.map((_, i) => plan.journalLines.length + i + 1),
    );
    const owners = plan.timeBankAccounts.map((a) => `${a.kind}/${a.unit}/${a.volunteerId}/${a.teamId}`);
    expect(new Set(owners).size).toBe(owners.length);
    for (const account of plan.timeBankAccounts) {
      const system = ['points_issuer', 'points_redeemed', 'minutes_served'].includes(account.kind);
      expect(account.floor ?? null).toBe(system ? null : 0);
      expect(account.unit).toBe(account.kind === 'minutes_served' ? 'minutes' : account.unit);
      expect(['volunteer', 'team'].includes(account.kind) || system).toBe(true);
      if (account.kind === 'volunteer') expect(account.volunteerId).not.toBeNull();
      if (account.kind === 'team') expect(account.teamId).not.toBeNull();
    }
  });

  it('§6.5: every entry has two lines or more summing to zero per unit; in id order no account goes below its floor; balances are the sums', () => {
    const running = new Map<number, number>();
    for (const entry of plan.timeBankEntries) {
      const lines = linesOf.get(entry.id) ?? [];
      expect(lines.length).toBeGreaterThanOrEqual(2);
      const perUnit = new Map<string, number>();
      for (const line of lines) {
        expect(line.amount).not.toBe(0);
        expect(line.unit).toBe(accounts.get(line.accountId)!.unit);
        perUnit.set(line.unit, (perUnit.get(line.unit) ?? 0) + line.amount);
        const account = accounts.get(line.accountId)!;
        const balance = (running.get(account.id) ?? 0) + line.amount;
        running.set(account.id, balance);
        if (account.floor != null) expect(balance).toBeGreaterThanOrEqual(account.floor);
        expect(account.openedOn <= entry.recordedAt!.slice(0, 10)).toBe(true);
      }
      for (const total of perUnit.values()) expect(total).toBe(0);
      expect(entry.occurredOn <= plan.asOf).toBe(true);
      expect((entry.kind === 'reversal') === (entry.reversesEntryId != null)).toBe(true);
      if (entry.reversesEntryId != null) {
        const undone = (linesOf.get(entry.reversesEntryId) ?? [])
          .map((l) => `${l.accountId}:${-l.amount}`)
          .sort();
        expect(lines.map((l) => `${l.accountId}:${l.amount}`).sort()).toEqual(undone);
        expect(entry.reversesEntryId).toBeLessThan(entry.id);
      }
      expect(containsPersonalData(entry.description)).toBe(false);
    }
    const reversed = plan.timeBankEntries.map((e) => e.reversesEntryId).filter((id) => id != null);
    expect(new Set(reversed).size).toBe(reversed.length);
    for (const account of plan.timeBankAccounts) expect(account.balance).toBe(running.get(account.id) ?? 0);
  });

  it('each service in force earned once at the district’s rate, and only it: a corrected record’s earning is reversed, a void earns nothing', () => {
    const earnings = new Map(plan.timeBankEarnings.map((e) => [e.serviceId, e]));
    const reversedEntries = new Set(
      plan.timeBankEntries.map((e) => e.reversesEntryId).filter((id) => id != null),
    );
    const counting = new Set(inForce(plan).map((s) => s.id));
    for (const service of plan.volunteerServices) {
      const earning = earnings.get(service.id);
      if (service.isVoid) {
        expect(earning).toBeUndefined();
        continue;
      }
      expect(earning, `service ${service.id}`).toBeDefined();
      expect(earning!.minutes).toBe(service.minutes);
      expect(earning!.points).toBe(pointsForMinutes(service.minutes, rate!.value as number));
      expect(earning!.pointsPerHour).toBe(rate!.value);
      expect(earning!.policySource).toBe(rate!.source);
      expect(reversedEntries.has(earning!.entryId)).toBe(!counting.has(service.id));
      const entry = plan.timeBankEntries.find((e) => e.id === earning!.entryId)!;
      expect(entry.kind).toBe('points_earning');
      expect(entry.occurredOn).toBe(service.startedAt.slice(0, 10));
      const lines = linesOf.get(entry.id)!;
      const of = (kind: string, unit: string) =>
        lines.filter((l) => accounts.get(l.accountId)!.kind === kind && l.unit === unit).map((l) => l.amount);
      expect(of('volunteer', 'minutes')).toEqual([service.minutes]);
      expect(of('minutes_served', 'minutes')).toEqual([-service.minutes]);
      expect(of('volunteer', 'points')).toEqual([earning!.points]);
      expect(accounts.get(lines.find((l) => l.amount > 0)!.accountId)!.volunteerId).toBe(service.volunteerId);
    }
    if (rate) expect(definitionParses('time_bank.points_per_hour', rate.value)).toBe(true);
  });

  it('exchanges and the catalogue: listed items of the volunteer’s community, stock never below zero, an exchange reversed restocks', () => {
    const items = byId(plan.timeBankCatalogueItems);
    const exchangeByEntry = new Map(plan.timeBankExchanges.map((x) => [x.entryId, x]));
    // Replay the stock from what it must have been: the final stock plus what left, less what came back.
    const initial = new Map<number, number>();
    const reversedExchanges = plan.timeBankEntries
      .filter((e) => e.reversesEntryId != null && exchangeByEntry.has(e.reversesEntryId))
      .map((e) => exchangeByEntry.get(e.reversesEntryId!)!);
    for (const item of plan.timeBankCatalogueItems) {
      expect(Object.keys(catalogueItemKinds)).toContain(item.kind);
      expect(item.pricePoints).toBeGreaterThan(0);
      expect((item.providerCommunityId == null) !== (item.providerOrganizationId == null)).toBe(true);
      if (item.stock == null) continue;
      expect(item.stock).toBeGreaterThanOrEqual(0);
      const out = plan.timeBankExchanges
        .filter((x) => x.itemId === item.id)
        .reduce((t, x) => t + x.quantity, 0);
      const back = reversedExchanges.filter((x) => x.itemId === item.id).reduce((t, x) => t + x.quantity, 0);
      initial.set(item.id, item.stock + out - back);
    }
    const stock = new Map(initial);
    for (const entry of plan.timeBankEntries) {
      const exchange =
        exchangeByEntry.get(entry.id) ??
        (entry.reversesEntryId != null ? exchangeByEntry.get(entry.reversesEntryId) : undefined);
      if (!exchange || !stock.has(exchange.itemId)) continue;
      const delta = entry.kind === 'reversal' ? exchange.quantity : -exchange.quantity;
      stock.set(exchange.itemId, stock.get(exchange.itemId)! + delta);
      expect(stock.get(exchange.itemId)!).toBeGreaterThanOrEqual(0);
    }
    for (const exchange of plan.timeBankExchanges) {
      const item = items.get(exchange.itemId)!;
      expect(item.listedOn <= exchange.exchangedOn).toBe(true);
      expect(exchange.points).toBe(item.pricePoints * exchange.quantity);
      const entry = plan.timeBankEntries.find((e) => e.id === exchange.entryId)!;
      expect([entry.kind, entry.occurredOn]).toEqual(['points_exchange', exchange.exchangedOn]);
      const lines = linesOf.get(entry.id)!;
      const redeemed = lines.find((l) => accounts.get(l.accountId)!.kind === 'points_redeemed')!;
      expect(redeemed.amount).toBe(exchange.points);
      const wallet = accounts.get(lines.find((l) => l.amount < 0)!.accountId)!;
      expect(wallet.volunteerId).toBe(exchange.volunteerId);
    }
  });

  it('transfers: to family of a relation the policy allows within its yearly figure, to the giver’s team pool, awards from it', () => {
    const policy = policyDefinitions['time_bank.transfer'].nationalDefaults[0]!.value;
    const given = new Map<string, number>();
    for (const transfer of plan.timeBankTransfers) {
      expect(Object.keys(transferReasons)).toContain(transfer.reason);
      const from = accounts.get(transfer.fromAccountId)!;
      const to = accounts.get(transfer.toAccountId)!;
      const entry = plan.timeBankEntries.find((e) => e.id === transfer.entryId)!;
      expect([entry.kind, entry.occurredOn]).toEqual(['points_transfer', transfer.transferredOn]);
      expect(linesOf.get(entry.id)!.map((l) => [l.accountId, l.amount])).toEqual([
        [from.id, -transfer.points],
        [to.id, transfer.points],
      ]);
      if (transfer.reason === 'family') {
        expect([from.kind, to.kind]).toEqual(['volunteer', 'volunteer']);
        expect(familyRelations).toContain(transfer.relation);
        expect(policy.relations).toContain(transfer.relation);
        const key = `${from.volunteerId}:${transfer.transferredOn.slice(0, 4)}`;
        given.set(key, (given.get(key) ?? 0) + transfer.points);
        expect(given.get(key)!).toBeLessThanOrEqual(policy.maxPointsPerYear);
      } else {
        expect(transfer.relation).toBeNull();
        const team = transfer.reason === 'team_pool' ? to : from;
        const volunteer = transfer.reason === 'team_pool' ? from : to;
        expect([team.kind, volunteer.kind]).toEqual(['team', 'volunteer']);
        expect(
          plan.volunteerTeamMembers.some(
            (m) =>
              m.teamId === team.teamId &&
              m.volunteerId === volunteer.volunteerId &&
              openOn({ from: m.joinedOn, until: m.leftOn }, transfer.transferredOn),
          ),
        ).toBe(true);
      }
    }
  });
});

function definitionParses(key: 'time_bank.points_per_hour', value: unknown): boolean {
  return policyDefinitions[key].parse(value).success;
}

/** What a default district shows: realistic density where planned in full, every kind of movement. */
describe.each(plans.slice(0, demoDistricts.length))('default demo district $label: volumes', ({ plan }) => {
  it('one community in full at 10–13 % registered, a minority active; teams everywhere; every kind of record and movement', () => {
    expect(plan.volunteerCommunityIds).toHaveLength(1);
    const community = plan.communities.find((c) => c.id === plan.volunteerCommunityIds[0])!;
    const residents = plan.volunteers.filter((v) => v.homeCommunityId === community.id);
    const share = residents.length / community.residentPopulation!;
    expect(share).toBeGreaterThanOrEqual(0.095);
    expect(share).toBeLessThanOrEqual(0.135);
    const active = new Set(inForce(plan).map((s) => s.volunteerId));
    expect(active.size / residents.length).toBeGreaterThan(0.1);
    expect(active.size / residents.length).toBeLessThan(0.45);
    expect(plan.volunteers.some((v) => v.guardianName !== null && v.registeredOn < v.adultOn)).toBe(true);
    expect(plan.volunteers.some((v) => v.withdrawnOn !== null)).toBe(true);
    expect(plan.volunteerTeams.some((t) => t.organizationId != null)).toBe(true);
    expect(new Set(plan.volunteerEngagements.map((e) => e.role)).size).toBe(4);
    const services = inForce(plan);
    expect(services.some((s) => s.projectId != null && s.activityId != null)).toBe(true);
    expect(services.some((s) => s.gridId != null)).toBe(true);
    expect(new Set(services.map((s) => s.certifierKind)).size).toBe(3);
    expect(new Set(plan.volunteerRecordItems.map((i) => i.kind)).size).toBe(3);
    expect(new Set(plan.timeBankEntries.map((e) => e.kind))).toEqual(
      new Set(['points_earning', 'points_exchange', 'points_transfer', 'reversal']),
    );
    expect(plan.timeBankTransfers.some((t) => t.reason === 'family')).toBe(true);
  });
});
