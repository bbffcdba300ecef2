// ---- kernel0: r0:cccc
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
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v4 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v5 : !llvm.ptr -> i64
  %bp3 = llvm.getelementptr %bufs[3] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr3 = llvm.load %bp3 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride3 = llvm.load %v6 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r0 = arith.divsi %row, %tiles : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %base0 = arith.addi %tb0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %base1 = arith.addi %tb1, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %base2 = arith.addi %tb2, %c0 : i64
    %tb3 = arith.muli %tstart, %istride3 : i64
    %base3 = arith.addi %tb3, %c0 : i64
    %v7 = arith.constant 0x3F000000 : f32
    %v8 = arith.constant 0x3F3504F3 : f32
    %v9 = arith.constant 0x3F800000 : f32
    scf.for %v10 = %c0 to %vend16 step %cw16 : i64 {
      %v12 = vector.broadcast %v7 : f32 to vector<16xf32>
      %v14 = arith.addi %base0, %v10 : i64
      %v15 = llvm.getelementptr %ptr0[%v14] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v13 = llvm.load %v15 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v17 = arith.addi %base1, %v10 : i64
      %v18 = llvm.getelementptr %ptr1[%v17] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v16 = llvm.load %v18 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v19 = arith.mulf %v13, %v16 fastmath<contract> : vector<16xf32>
      %v21 = arith.addi %base2, %v10 : i64
      %v22 = llvm.getelementptr %ptr2[%v21] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v20 = llvm.load %v22 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v23 = arith.addf %v19, %v20 fastmath<contract> : vector<16xf32>
      %v24 = arith.mulf %v12, %v23 fastmath<contract> : vector<16xf32>
      %v25 = vector.broadcast %v9 : f32 to vector<16xf32>
      %v26 = vector.broadcast %v8 : f32 to vector<16xf32>
      %v27 = arith.mulf %v23, %v26 fastmath<contract> : vector<16xf32>
      %v28 = math.erf %v27 : vector<16xf32>
      %v29 = arith.addf %v25, %v28 fastmath<contract> : vector<16xf32>
      %v30 = arith.mulf %v24, %v29 fastmath<contract> : vector<16xf32>
      %v31 = arith.addf %v30, %v13 fastmath<contract> : vector<16xf32>
      %v32 = arith.addi %base3, %v10 : i64
      %v33 = llvm.getelementptr %ptr3[%v32] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v31, %v33 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v34 = %vend16 to %len step %c1 : i64 {
      %v37 = arith.addi %base0, %v34 : i64
      %v38 = llvm.getelementptr %ptr0[%v37] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v36 = llvm.load %v38 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v40 = arith.addi %base1, %v34 : i64
      %v41 = llvm.getelementptr %ptr1[%v40] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v39 = llvm.load %v41 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v42 = arith.mulf %v36, %v39 fastmath<contract> : f32
      %v44 = arith.addi %base2, %v34 : i64
      %v45 = llvm.getelementptr %ptr2[%v44] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v43 = llvm.load %v45 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v46 = arith.addf %v42, %v43 fastmath<contract> : f32
      %v47 = arith.mulf %v7, %v46 fastmath<contract> : f32
      %v48 = arith.mulf %v46, %v8 fastmath<contract> : f32
      %v49 = math.erf %v48 : f32
      %v50 = arith.addf %v9, %v49 fastmath<contract> : f32
      %v51 = arith.mulf %v47, %v50 fastmath<contract> : f32
      %v52 = arith.addf %v51, %v36 fastmath<contract> : f32
      %v53 = arith.addi %base3, %v34 : i64
      %v54 = llvm.getelementptr %ptr3[%v53] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v52, %v54 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}
