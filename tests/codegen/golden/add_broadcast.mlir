// ---- kernel0: r1:ccc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v8 = llvm.getelementptr %geo[8] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v8 : !llvm.ptr -> i64
  %v9 = llvm.getelementptr %geo[9] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride2_0 = llvm.load %v9 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r1 = arith.divsi %row, %tiles : i64
    %i0 = arith.remsi %r1, %size0 : i64
    %r0 = arith.divsi %r1, %size0 : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %ob2_0 = arith.muli %i0, %ostride2_0 : i64
    %base2_0 = arith.addi %tb2, %ob2_0 : i64
    %base2 = arith.addi %base2_0, %c0 : i64
    scf.for %v10 = %c0 to %vend16 step %cw16 : i64 {
      %v13 = arith.addi %base0, %v10 : i64
      %v14 = llvm.getelementptr %ptr0[%v13] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v12 = llvm.load %v14 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v16 = arith.addi %base1, %v10 : i64
      %v17 = llvm.getelementptr %ptr1[%v16] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v15 = llvm.load %v17 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v18 = arith.addf %v12, %v15 fastmath<contract> : vector<16xf32>
      %v19 = arith.addi %base2, %v10 : i64
      %v20 = llvm.getelementptr %ptr2[%v19] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v18, %v20 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v21 = %vend16 to %len step %c1 : i64 {
      %v24 = arith.addi %base0, %v21 : i64
      %v25 = llvm.getelementptr %ptr0[%v24] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v23 = llvm.load %v25 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v27 = arith.addi %base1, %v21 : i64
      %v28 = llvm.getelementptr %ptr1[%v27] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v26 = llvm.load %v28 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v29 = arith.addf %v23, %v26 fastmath<contract> : f32
      %v30 = arith.addi %base2, %v21 : i64
      %v31 = llvm.getelementptr %ptr2[%v30] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v29, %v31 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}
